import { RetentionRunDto } from '@callrec/contracts';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { recreateDatabase } from '../global-setup';
import { seedStoredRecordings } from '../recording-fixtures';
import { TEST_DATABASE_URL } from '../test-config';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../test-app';

/** `chattr +i`: not even root may unlink the file, as on a WORM mount or a broken disk. */
function immutable(path: string, on: boolean): void {
  execFileSync('chattr', [on ? '+i' : '-i', path]);
}

// Local-only (design 9.4 s3 tier): makes a file undeletable with chmod on the local disk. On S3 the
// undeletable object is one under Object Lock, tested with the lock feature.
describe('retention never stalls on one object it cannot remove', () => {
  let t: TestApp;
  let admin: TestUser;
  let agentId: string;
  const pinned: string[] = [];

  beforeAll(async () => {
    // A database of its own: sweeps and the pipeline page see every recording.
    const databaseUrl = TEST_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_undeletable');
    await recreateDatabase(databaseUrl);
    t = await startTestApp({ DATABASE_URL: databaseUrl });
    admin = await createUser(t, 'ADMIN');
    agentId = (await createUser(t, 'AGENT')).id;
    const policy = await api(t, '/api/retention-policies', {
      method: 'POST',
      token: admin.token,
      body: { name: 'A week', retainDays: 7, scope: {} },
    });
    expect(policy.status).toBe(201);
  });
  afterAll(async () => {
    for (const path of pinned) if (existsSync(path)) immutable(path, false);
    await t.close();
  });

  const fileOf = (storageKey: string) => join(t.config.recordingsDir, storageKey);
  const expired = (count: number) =>
    seedStoredRecordings(
      t,
      Array.from({ length: count }, () => ({ agentId, daysAgo: 30 })),
    );
  const status = async (id: string) => (await t.prisma.recording.findUniqueOrThrow({ where: { id } })).status;

  async function sweep(): Promise<RetentionRunDto> {
    const before = await t.prisma.retentionRun.count();
    expect((await api(t, '/api/retention/run', { method: 'POST', token: admin.token })).status).toBe(202);
    await waitFor(
      'the sweep to finish',
      async () => (await t.prisma.retentionRun.count({ where: { finishedAt: { not: null } } })) > before,
    );
    const [run] = (await api(t, '/api/retention/runs', { token: admin.token })).body as RetentionRunDto[];
    return run;
  }

  it('deletes the rest, reports the failure (run, audit, pipeline), and keeps retrying it in later sweeps', async () => {
    const [stuck, ...others] = await expired(3);
    immutable(fileOf(stuck.storageKey), true);
    pinned.push(fileOf(stuck.storageKey));

    const first = await sweep();
    expect(first).toMatchObject({ deleted: 2, failed: 1, failedIds: [stuck.id], error: null });
    for (const other of others) expect(await status(other.id)).toBe('DELETED');
    const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: stuck.id } });
    expect(row.status).toBe('DELETING');
    expect(row.lastError).toMatch(/^Could not remove the audio: .*(EPERM|operation not permitted)/i);
    const failure = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'RECORDING_DELETION_FAILED', recordingId: stuck.id } });
    expect(failure.details).toMatchObject({ storageKey: stuck.storageKey, deletedBy: 'retention:A week' });
    const pipeline = await api(t, '/api/recordings/pipeline', { token: admin.token });
    expect(pipeline.body.undeletable.map((r: { id: string }) => r.id)).toEqual([stuck.id]);

    // The next sweep meets the same object first, and still deletes what expired since.
    const [later] = await expired(1);
    const second = await sweep();
    expect(second).toMatchObject({ deleted: 1, failed: 1, failedIds: [stuck.id], error: null });
    expect(await status(later.id)).toBe('DELETED');

    // Once the object can go, the next sweep finishes it, with its tombstone.
    immutable(fileOf(stuck.storageKey), false);
    const third = await sweep();
    expect(third).toMatchObject({ deleted: 1, failed: 0, failedIds: [] });
    expect(await status(stuck.id)).toBe('DELETED');
    expect(existsSync(fileOf(stuck.storageKey))).toBe(false);
    expect(await t.prisma.auditEvent.count({ where: { action: 'RECORDING_DELETED', recordingId: stuck.id } })).toBe(1);
    expect((await api(t, '/api/recordings/pipeline', { token: admin.token })).body.undeletable).toEqual([]);
  });

  it('an ADMIN deleting an object that cannot be removed gets a clear 503, and the row waits for the sweeps', async () => {
    const [recording] = await seedStoredRecordings(t, [{ agentId, daysAgo: 1 }]);
    immutable(fileOf(recording.storageKey), true);
    pinned.push(fileOf(recording.storageKey));
    const answer = await api(t, `/api/recordings/${recording.id}`, {
      method: 'DELETE',
      token: admin.token,
      body: { reason: 'Recorded by mistake' },
    });
    expect(answer.status).toBe(503);
    expect(answer.body.message).toMatch(/could not be removed .*; it stays marked for deletion and every retention sweep retries it$/);
    expect(await status(recording.id)).toBe('DELETING');
    immutable(fileOf(recording.storageKey), false);
  });

  it('a deletion left stranded in DELETING goes back to STORED when a hold now covers it', async () => {
    const [recording] = await expired(1);
    // As a crash between claiming and removing the audio leaves it, an hour ago.
    await t.prisma.$executeRaw`
      UPDATE "Recording" SET status = 'DELETING', "deletedBy" = 'retention:A week', "updatedAt" = now() - interval '1 hour'
      WHERE id = ${recording.id}::uuid`;
    const compliance = await createUser(t, 'COMPLIANCE');
    const hold = await api(t, '/api/legal-holds', {
      method: 'POST',
      token: compliance.token,
      body: { name: 'Case 7', reason: 'Counsel asked', criteria: { recordingIds: [recording.id] } },
    });
    expect(hold.status).toBe(201);

    const run = await sweep();
    expect(run.failed).toBe(0);
    const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: recording.id } });
    expect(row).toMatchObject({ status: 'STORED', deletedBy: null, deletionReason: null });
    expect(existsSync(fileOf(recording.storageKey))).toBe(true);
  });
});
