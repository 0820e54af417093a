import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { tierStoresOnLocalDisk } from '../../../test/stored-objects';

const METRICS_TOKEN = 'Tm9yZWFsbHktcmFuZG9tLWJ1dC1sb25nLWVub3VnaA7x';

describe('health and metrics', () => {
  let t: TestApp;
  let admin: TestUser;
  let supervisor: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN });
    admin = await createUser(t, 'ADMIN');
    supervisor = await createUser(t, 'SUPERVISOR');
  });
  afterAll(() => t.close());

  it('answers anonymous liveness with {status} and nothing else', async () => {
    const response = await api(t, '/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('gives readiness details (PostgreSQL, Redis, storage, pipeline counts) to an ADMIN only', async () => {
    expect((await api(t, '/api/health/ready')).status).toBe(401);
    expect((await api(t, '/api/health/ready', { token: supervisor.token })).status).toBe(403);
    const response = await api(t, '/api/health/ready', { token: admin.token });
    expect(response.status).toBe(200);
    const body = response.body;
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
    expect(body.details.pipeline.queues.recordings).toEqual({
      waiting: expect.any(Number),
      active: expect.any(Number),
      delayed: expect.any(Number),
      failed: expect.any(Number),
    });
  });

  it('exposes pipeline counts and queue depth as Prometheus metrics to METRICS_TOKEN', async () => {
    const agent = await t.prisma.user.create({
      data: { email: `m-${Date.now()}@test.example`, name: 'M', role: 'AGENT', passwordHash: 'x' },
    });
    const call = await t.prisma.callRecord.create({ data: { agentId: agent.id, fromNumber: '+15005550006', toNumber: '+14155550100' } });
    await t.prisma.recording.create({
      data: { callRecordId: call.id, twilioRecordingSid: `RE${'f'.repeat(31)}${Date.now() % 10}`, status: 'FAILED' },
    });
    const failed = await t.prisma.recording.count({ where: { status: 'FAILED' } });
    const response = await api(t, '/api/metrics', { token: METRICS_TOKEN });
    expect(response.status).toBe(200);
    const text = response.body as string;
    expect(text).toContain(`callrec_recordings{status="FAILED"} ${failed}`);
    expect(text).toMatch(/callrec_queue_jobs\{queue="recordings",state="waiting"\} \d+/);
    expect(text).toContain('callrec_process_cpu_user_seconds_total');
  });

  it('refuses metrics to strangers, wrong tokens and other roles; an ADMIN may read them', async () => {
    expect((await api(t, '/api/metrics')).status).toBe(401);
    const wrong = `${METRICS_TOKEN.slice(0, -1)}${METRICS_TOKEN.endsWith('x') ? 'y' : 'x'}`;
    expect((await api(t, '/api/metrics', { token: wrong })).status).toBe(401);
    expect((await api(t, '/api/metrics', { headers: { authorization: `Basic ${METRICS_TOKEN}` } })).status).toBe(401);
    expect((await api(t, '/api/metrics', { token: supervisor.token })).status).toBe(403);
    expect((await api(t, '/api/metrics', { token: admin.token })).status).toBe(200);
  });

  // Local-only: breaks the local disk on purpose; the s3 tier's primary store is the bucket.
  (tierStoresOnLocalDisk() ? it : it.skip)('stays alive but not ready when storage is not writable', async () => {
    // A regular file where the directory should be: no process, root included, can write there.
    const notADirectory = join(mkdtempSync(join(tmpdir(), 'callrec-health-')), 'recordings');
    writeFileSync(notADirectory, 'not a directory');
    const broken = await startTestApp({ APP_ROLE: 'api', RECORDINGS_DIR: notADirectory });
    try {
      // Liveness never probes storage (nor anything else).
      expect(await api(broken, '/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
      const ready = await api(broken, '/api/health/ready', { token: admin.token });
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'error', checks: { storage: 'down', database: 'up' } });
    } finally {
      await broken.close();
    }
  });
});
