import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../../../test/test-app';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports PostgreSQL, Redis and storage up, without a token', async () => {
    const response = await fetch(`${t.url}/api/health`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'ok', checks: { database: 'up', redis: 'up', storage: 'up' } });
    expect(body.details.pipeline.recordings).toEqual({
      PENDING: expect.any(Number),
      DOWNLOADING: expect.any(Number),
      STORED: expect.any(Number),
      FAILED: expect.any(Number),
      ABSENT: expect.any(Number),
      DELETING: expect.any(Number),
      DELETED: expect.any(Number),
    });
    expect(body.details.pipeline.queues.recordings).toEqual({ waiting: expect.any(Number), active: expect.any(Number), delayed: expect.any(Number), failed: expect.any(Number) });
  });

  it('exposes pipeline counts and queue depth as Prometheus metrics', async () => {
    const agent = await t.prisma.user.create({ data: { email: `m-${Date.now()}@test.example`, name: 'M', role: 'AGENT', passwordHash: 'x' } });
    const call = await t.prisma.callRecord.create({ data: { agentId: agent.id, fromNumber: '+15005550006', toNumber: '+14155550100' } });
    await t.prisma.recording.create({ data: { callRecordId: call.id, twilioRecordingSid: `RE${'f'.repeat(31)}${Date.now() % 10}`, status: 'FAILED' } });
    const failed = await t.prisma.recording.count({ where: { status: 'FAILED' } });
    const response = await fetch(`${t.url}/api/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(`callrec_recordings{status="FAILED"} ${failed}`);
    expect(text).toMatch(/callrec_queue_jobs\{queue="recordings",state="waiting"\} \d+/);
    expect(text).toContain('callrec_process_cpu_user_seconds_total');
  });

  it('answers 503 naming what is down when storage is not writable', async () => {
    // A regular file where the directory should be: no process, root included, can write there.
    const notADirectory = join(mkdtempSync(join(tmpdir(), 'callrec-health-')), 'recordings');
    writeFileSync(notADirectory, 'not a directory');
    const broken = await startTestApp({ APP_ROLE: 'api', RECORDINGS_DIR: notADirectory });
    try {
      const response = await fetch(`${broken.url}/api/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'error', checks: { storage: 'down', database: 'up' } });
    } finally {
      await broken.close();
    }
  });
});
