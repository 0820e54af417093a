import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownDatabase } from '../../../test/download-fixtures';
import { seedStoredRecordings } from '../../../test/recording-fixtures';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { testKek, testKeyring } from '../../../test/test-keys';
import { tierStoresOnLocalDisk } from '../../../test/stored-objects';

const METRICS_TOKEN = 'Tm9yZWFsbHktcmFuZG9tLWJ1dC1sb25nLWVub3VnaA7x';

describe('health and metrics', () => {
  let t: TestApp;
  let admin: TestUser;
  let supervisor: TestUser;
  beforeAll(async () => {
    // A database of its own: readiness fails while any recording's data key is under a KEK this
    // app lacks, and this app has none; other suites' encrypted recordings must not be in it.
    t = await startTestApp({ METRICS_TOKEN, DATABASE_URL: await ownDatabase('health') });
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
    expect(body).toMatchObject({ status: 'ok', checks: { database: 'up', redis: 'up', storage: 'up', encryption: 'up' } });
    // Encryption off and nothing encrypted: no KEK configured, none in use.
    expect(body.encryption).toEqual({ activeKekId: null, keks: [] });
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
    const broken = await startTestApp({ APP_ROLE: 'api', RECORDINGS_DIR: notADirectory, DATABASE_URL: t.config.databaseUrl });
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

  it('lists the KEKs in use with their counts, and is not ready when recordings use a KEK this process lacks', async () => {
    const databaseUrl = await ownDatabase('health_keys');
    const keyed = await startTestApp({ APP_ROLE: 'api', DATABASE_URL: databaseUrl, ...testKeyring('k1', 'spare') });
    let other: TestApp | undefined;
    try {
      const keyedAdmin = await createUser(keyed, 'ADMIN');
      const agent = await createUser(keyed, 'AGENT');
      await seedStoredRecordings(
        keyed,
        [1, 2].map((daysAgo) => ({ agentId: agent.id, daysAgo, encrypted: true })),
      );
      const ready = await api(keyed, '/api/health/ready', { token: keyedAdmin.token });
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ok', checks: { encryption: 'up' } });
      // The configured KEK that wraps nothing yet is listed too: it is what an operator may remove.
      expect(ready.body.encryption).toEqual({
        activeKekId: 'k1',
        keks: [
          { id: 'k1', recordings: 2, available: true },
          { id: 'spare', recordings: 0, available: true },
        ],
      });

      // Another replica given only k2: the recordings under k1 cannot be read there.
      other = await startTestApp({ APP_ROLE: 'api', DATABASE_URL: databaseUrl, ...testKeyring('k2') });
      const missing = await api(other, '/api/health/ready', { token: keyedAdmin.token });
      expect(missing.status).toBe(503);
      expect(missing.body).toMatchObject({ status: 'error', checks: { database: 'up', redis: 'up', storage: 'up', encryption: 'down' } });
      expect(missing.body.encryption).toMatchObject({
        activeKekId: 'k2',
        keks: [
          { id: 'k2', recordings: 0, available: true },
          { id: 'k1', recordings: 2, available: false },
        ],
        error: expect.stringContaining('"k1" (2 recordings)'),
      });
      // Ids only: no key material in either answer.
      for (const id of ['k1', 'k2', 'spare']) {
        const secret = testKek(id).split(':')[1];
        expect(JSON.stringify(ready.body)).not.toContain(secret);
        expect(JSON.stringify(missing.body)).not.toContain(secret);
      }
    } finally {
      await other?.close();
      await keyed.close();
    }
  });
});
