import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { emulator } from '../emulator-control';
import { recreateDatabase } from '../global-setup';
import { TEST_DATABASE_URL } from '../test-config';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../test-app';
import { deleteStoredObject, orphanLabel, putStoredObject, storedBytes } from '../stored-objects';

const PRIVATE_REDIS_PORT = Number(process.env['TEST_PRIVATE_REDIS_PORT'] ?? 6391);

/** A Redis of this test's own, so it can be killed without touching anyone else's. */
async function startRedis(): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(PRIVATE_REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await waitFor('the private Redis', async () => {
    const { createConnection } = await import('node:net');
    return new Promise<boolean>((resolve) => {
      const socket = createConnection(PRIVATE_REDIS_PORT, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGKILL');
  await closed;
}

describe('faults: Redis restarted, PostgreSQL connections dropped, Twilio media failing and slow', () => {
  let redis: ChildProcess;
  let t: TestApp;
  let agent: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    redis = await startRedis();
    // A database of its own: the storage check below covers every row, so no other suite's may be in it.
    // Named after the tier's database, so runs against different TEST_DATABASE_URLs never share it.
    const databaseUrl = TEST_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_faults');
    await recreateDatabase(databaseUrl);
    t = await startTestApp({
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${PRIVATE_REDIS_PORT}`,
      RECONCILE_GRACE_SECONDS: '1',
      RECONCILE_STUCK_SECONDS: '3',
      DOWNLOAD_BACKOFF_MS: '200',
      DOWNLOAD_BACKOFF_MAX_MS: '1000',
    });
    agent = await createUser(t, 'AGENT');
    admin = await createUser(t, 'ADMIN');
  });
  beforeEach(() => emulator.reset());
  afterAll(async () => {
    await t.close();
    await kill(redis);
  });

  async function callAndHangUp(to: string, seconds: number) {
    const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to } });
    expect(placed.status).toBe(201);
    await waitFor(
      'answered',
      async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: placed.body.id } })).status === 'in_progress',
    );
    await emulator.hangup(placed.body.twilioCallSid, seconds);
    return placed.body.id as string;
  }

  async function expectAllStoredOnce(callIds: string[], { reconcile = false } = {}) {
    await waitFor(
      'every recording STORED',
      async () => {
        if (reconcile) await api(t, '/api/recordings/reconcile', { method: 'POST', token: admin.token });
        const rows = await t.prisma.recording.findMany({ where: { callRecordId: { in: callIds } } });
        return rows.length === callIds.length && rows.every((r) => r.status === 'STORED');
      },
      { timeoutMs: 90_000, intervalMs: reconcile ? 2000 : 200 },
    );
    const rows = await t.prisma.recording.findMany({ where: { callRecordId: { in: callIds } } });
    expect(rows).toHaveLength(callIds.length);
    for (const row of rows) {
      const bytes = await storedBytes(t, row.storageKey!);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(row.sha256);
    }
    const check = await api(t, '/api/health/storage', { token: admin.token });
    expect(check.body).toMatchObject({ ok: true, missingOrWrongSize: [], notDeleted: [], orphanFiles: [] });
  }

  it('recovers every recording when Redis is restarted empty mid-run', async () => {
    const before = [await callAndHangUp('+14155550401', 3), await callAndHangUp('+14155550402', 4)];
    const during = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to: '+14155550403' } });
    await waitFor(
      'answered',
      async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: during.body.id } })).status === 'in_progress',
    );

    // Redis dies and comes back empty (it keeps nothing on disk): every queued job is gone.
    await kill(redis);
    await emulator.hangup(during.body.twilioCallSid, 5);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    redis = await startRedis();

    await expectAllStoredOnce([...before, during.body.id], { reconcile: true });
    const call = await t.prisma.callRecord.findUniqueOrThrow({ where: { id: during.body.id } });
    expect(call.status).toBe('completed');
  }, 150_000);

  it('recovers when every PostgreSQL connection is dropped mid-run', async () => {
    const calls = await Promise.all(['+14155550411', '+14155550412', '+14155550413'].map((to, i) => callAndHangUp(to, 3 + i)));
    await t.prisma.$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`;
    // The pool learns of each dropped connection when its socket closes; a query handed one
    // before that fails (a request at that very moment answers 500). Wait until the app's pool
    // reaches PostgreSQL again, as a client retrying would, then go on.
    await waitFor('the app to reach PostgreSQL again', async () => {
      try {
        await t.prisma.$queryRaw`SELECT 1`;
        return true;
      } catch {
        return false;
      }
    });
    const after = await callAndHangUp('+14155550414', 2);
    await expectAllStoredOnce([...calls, after]);
  }, 150_000);

  it('stores everything while Twilio answers media with 500s and serves it slowly', async () => {
    await emulator.setConfig({ faults: { media500Count: 2, mediaBytesPerSecond: 100_000 } });
    const calls = [];
    for (const [i, to] of ['+14155550421', '+14155550422', '+14155550423'].entries()) calls.push(await callAndHangUp(to, 4 + i));
    await expectAllStoredOnce(calls);
  }, 150_000);

  it('has a storage check that names missing, undeleted and orphan files', async () => {
    const [stored] = await t.prisma.recording.findMany({ where: { status: 'STORED' }, take: 1 });
    const key = stored.storageKey!;
    const saved = await storedBytes(t, key, stored.storageBackend);
    const orphan = `2020/01/01/RE${'0'.repeat(32)}.wav`;
    await putStoredObject(t, orphan, Buffer.from('nobody owns me'));
    await deleteStoredObject(t, key, stored.storageBackend);
    try {
      const check = await api(t, '/api/health/storage', { token: admin.token });
      expect(check.body).toMatchObject({
        ok: false,
        missingOrWrongSize: [`${stored.id} ${key}`],
        orphanFiles: [orphanLabel(t, orphan)],
      });
    } finally {
      await putStoredObject(t, key, saved, stored.storageBackend);
      await deleteStoredObject(t, orphan);
    }
    expect((await api(t, '/api/health/storage?hashes=true', { token: admin.token })).body.ok).toBe(true);
  });
});
