import { Prisma } from '../../generated/prisma/client';
import { recreateDatabase } from '../../../test/global-setup';
import { seedStoredRecordings, SeededRecording } from '../../../test/recording-fixtures';
import { TEST_DATABASE_URL, testConfig } from '../../../test/test-config';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { RedisService } from '../../services/redis/redis.service';
import { LocalDiskStore } from '../../services/storage/local-disk.store';
import { RecordingStores } from '../../services/storage/recording-stores';
import { S3RecordingStore } from '../../services/storage/s3.store';
import { RecordingDeleter } from '../recordings/deletion/recording.deleter';
import { EXPIRED_RECORDINGS } from '../retention/retention-sql';
import { RetentionSweepService } from '../retention/retention-sweep.service';
import { RETAIN_UNTIL } from './deciding-policy.sql';
import { ObjectLockPlanner } from './object-lock.planner';
import { ObjectLockSyncService } from './object-lock-sync.service';

const DAY = 86_400_000;

describe('Object Lock: retain-until dates, the sync and deletions under lock (real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let admin: TestUser;
  let ann: string;
  let ben: string;
  let list: string;
  let recordings: SeededRecording[];
  let lockedStores: RecordingStores;
  let sync: ObjectLockSyncService;
  const policy: Record<string, string> = {};

  beforeAll(async () => {
    // A database of its own: policies decide every recording's date, so no other suite's may be there.
    const databaseUrl = TEST_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_objlock');
    await recreateDatabase(databaseUrl);
    t = await startTestApp({ DATABASE_URL: databaseUrl });
    admin = await createUser(t, 'ADMIN');
    const agent = (name: string) =>
      t.prisma.user.create({ data: { email: `${name}-${Date.now()}@test.example`, name, role: 'AGENT', passwordHash: 'x' } });
    ann = (await agent('ann')).id;
    ben = (await agent('ben')).id;
    list = (await t.prisma.dataList.create({ data: { name: `Object Lock list ${Date.now()}` } })).id;
    recordings = await seedStoredRecordings(t, [
      { agentId: ann, dataListId: list, outcome: null, daysAgo: 10 }, // 0: list (365)
      { agentId: ann, dataListId: list, outcome: 'SALE', daysAgo: 10 }, // 1: list and sale: sale (730) wins
      { agentId: ann, dataListId: null, outcome: 'CALLBACK', daysAgo: 10 }, // 2: nothing matches
      { agentId: ben, dataListId: null, outcome: null, daysAgo: 10 }, // 3: ben (30)
      { agentId: ann, dataListId: null, outcome: 'CALLBACK', daysAgo: 50 }, // 4: nothing matches, until its outcome history says SALE
      { agentId: ben, dataListId: null, outcome: null, daysAgo: 40 }, // 5: ben (30), expired
      { agentId: ben, dataListId: null, outcome: null, daysAgo: 45 }, // 6: ben (30), expired, never locked
    ]);
    const create = async (name: string, retainDays: number, scope: Prisma.RetentionPolicyUncheckedCreateInput, enabled = true) =>
      (policy[name] = (await t.prisma.retentionPolicy.create({ data: { ...scope, name, retainDays, enabled } })).id);
    await create('list', 365, { name: '', retainDays: 0, dataListId: list });
    await create('sale', 730, { name: '', retainDays: 0, outcome: 'SALE' });
    await create('ben', 30, { name: '', retainDays: 0, agentId: ben });
    await create('disabled', 5000, { name: '', retainDays: 0 }, false);

    // Object Lock forced on over the app's own database and Redis. The S3 store is not in this
    // tier, so the local disk store stands in the S3 slot: its extendRetention and setLegalHold
    // accept and do nothing, which leaves exactly the sync's own bookkeeping to check here (the
    // bucket's side is object-lock.s3-spec.ts, against Ceph).
    const lockedConfig = testConfig({ DATABASE_URL: databaseUrl, S3_BUCKET: 'callrec-objlock-test', S3_OBJECT_LOCK: 'compliance' });
    const local = new LocalDiskStore(t.config);
    lockedStores = new RecordingStores(lockedConfig, local, local as unknown as S3RecordingStore);
    sync = new ObjectLockSyncService(t.prisma, t.app.get(RedisService, { strict: false }), lockedStores);
  });
  afterAll(() => t.close());

  const retainUntilOf = async (ids: string[]): Promise<Map<string, Date | null>> => {
    const rows = await t.prisma.$queryRaw<{ id: string; retainUntil: Date | null }[]>`
      SELECT r.id, ${RETAIN_UNTIL} AS "retainUntil" FROM "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
      WHERE r.id IN (SELECT unnest(${ids}::uuid[]))`;
    return new Map(rows.map((row) => [row.id, row.retainUntil]));
  };
  const plus = (r: SeededRecording, days: number) => new Date(r.placedAt.getTime() + days * DAY);

  it('dates each recording by its longest enabled matching policy, lengthened by outcome history, null when none matches', async () => {
    const until = await retainUntilOf(recordings.map((r) => r.id));
    expect(until.get(recordings[0].id)).toEqual(plus(recordings[0], 365));
    expect(until.get(recordings[1].id)).toEqual(plus(recordings[1], 730));
    expect(until.get(recordings[2].id)).toBeNull();
    expect(until.get(recordings[3].id)).toEqual(plus(recordings[3], 30));
    expect(until.get(recordings[4].id)).toBeNull();

    // Recording 4's call was a SALE once: the sale policy keeps matching it after the change.
    await t.prisma.callOutcomeChange.create({ data: { callRecordId: recordings[4].callId, fromOutcome: 'SALE', toOutcome: 'CALLBACK' } });
    expect((await retainUntilOf([recordings[4].id])).get(recordings[4].id)).toEqual(plus(recordings[4], 730));
  });

  it('is exactly the instant retention starts to list the recording as expired', async () => {
    const r = recordings[3];
    type Probe = { retainUntil: Date; now: Date; due: boolean; expired: boolean };
    // One transaction, rolled back: now() is the same instant in every statement, so the boundary
    // is exact, and the call keeps its real age for the other tests. placedAt keeps milliseconds.
    const probes = await t.prisma
      .$transaction(async (tx) => {
        const probe = async (shiftMs: number): Promise<Probe> => {
          await tx.$executeRaw`
            UPDATE "CallRecord"
            SET "placedAt" = date_trunc('milliseconds', now() AT TIME ZONE 'UTC') - make_interval(days => 30) + make_interval(secs => ${shiftMs / 1000})
            WHERE id = ${r.callId}::uuid`;
          const [row] = await tx.$queryRaw<Probe[]>`
            SELECT ${RETAIN_UNTIL} AS "retainUntil", date_trunc('milliseconds', now()) AS now,
                   ${RETAIN_UNTIL} <= (now() AT TIME ZONE 'UTC') AS due,
                   EXISTS (SELECT 1 ${EXPIRED_RECORDINGS} AND r.id = ${r.id}::uuid) AS expired
            FROM "CallRecord" c WHERE c.id = ${r.callId}::uuid`;
          return row;
        };
        throw new Rollback([await probe(0), await probe(1)]);
      })
      .catch((error: unknown) => {
        if (error instanceof Rollback) return error.probes;
        throw error;
      });
    const [atBoundary, justAfter] = probes;
    expect(atBoundary.retainUntil.getTime()).toBe(atBoundary.now.getTime());
    expect(atBoundary).toMatchObject({ due: true, expired: true });
    expect(justAfter.retainUntil.getTime()).toBe(justAfter.now.getTime() + 1);
    expect(justAfter).toMatchObject({ due: false, expired: false });
  });

  it('plans the lock a recording is written with: its retain-until date and whether a hold covers it', async () => {
    const r = recordings[0];
    const planner = t.app.get(ObjectLockPlanner, { strict: false });
    expect(await t.prisma.$transaction((tx) => planner.planInTx(tx, r.id))).toEqual({ retainUntil: plus(r, 365), legalHold: false });
    const hold = await t.prisma.legalHold.create({ data: { name: 'Plan', reason: 'test', criteria: { recordingIds: [r.id] } } });
    expect(await t.prisma.$transaction((tx) => planner.planInTx(tx, r.id))).toEqual({ retainUntil: plus(r, 365), legalHold: true });
    await t.prisma.legalHold.update({ where: { id: hold.id }, data: { releasedAt: new Date() } });
  });

  const lockOf = (id: string) =>
    t.prisma.recording.findUniqueOrThrow({ where: { id }, select: { lockedUntil: true, objectLegalHold: true } });

  it('syncs S3 rows only: extends retain-until dates, sets and clears legal holds, and a second run changes nothing', async () => {
    const inBucket = recordings.slice(0, 4);
    await t.prisma.recording.updateMany({ where: { id: { in: inBucket.map((r) => r.id) } }, data: { storageBackend: 'S3' } });
    await t.prisma.recording.updateMany({ where: { id: { in: recordings.slice(4).map((r) => r.id) } }, data: { storageBackend: 'LOCAL' } });
    const hold = await t.prisma.legalHold.create({
      data: { name: 'Case 1', reason: 'test', criteria: { recordingIds: [inBucket[1].id] } },
    });

    const first = await sync.sync('test');
    expect(first).toMatchObject({ scanned: 4, extended: 3, holdsSet: 1, holdsCleared: 0, failed: 0 });
    expect(await lockOf(inBucket[0].id)).toEqual({ lockedUntil: plus(inBucket[0], 365), objectLegalHold: false });
    expect(await lockOf(inBucket[1].id)).toEqual({ lockedUntil: plus(inBucket[1], 730), objectLegalHold: true });
    // No policy: no date, in the row as in the bucket.
    expect(await lockOf(inBucket[2].id)).toEqual({ lockedUntil: null, objectLegalHold: false });
    // Local rows are not the bucket's business.
    expect(await lockOf(recordings[4].id)).toEqual({ lockedUntil: null, objectLegalHold: false });

    expect(await sync.sync('again')).toMatchObject({ scanned: 4, extended: 0, holdsSet: 0, holdsCleared: 0, failed: 0 });

    await t.prisma.legalHold.update({ where: { id: hold.id }, data: { releasedAt: new Date() } });
    expect(await sync.sync('released')).toMatchObject({ extended: 0, holdsSet: 0, holdsCleared: 1 });
    expect((await lockOf(inBucket[1].id)).objectLegalHold).toBe(false);
  });

  it('lengthens a date when a policy lengthens, and never shortens one when a policy shortens', async () => {
    const r = recordings[0];
    await t.prisma.retentionPolicy.update({ where: { id: policy['list'] }, data: { retainDays: 400 } });
    expect(await sync.sync('longer')).toMatchObject({ extended: 1, failed: 0 });
    expect((await lockOf(r.id)).lockedUntil).toEqual(plus(r, 400));
    await t.prisma.retentionPolicy.update({ where: { id: policy['list'] }, data: { retainDays: 5 } });
    expect(await sync.sync('shorter')).toMatchObject({ extended: 0, failed: 0 });
    expect((await lockOf(r.id)).lockedUntil).toEqual(plus(r, 400));
    await t.prisma.retentionPolicy.update({ where: { id: policy['list'] }, data: { retainDays: 365 } });
  });

  it('two syncs at once: one runs, the other stands down, and the rows end the same', async () => {
    const r = recordings[3];
    await t.prisma.recording.update({ where: { id: r.id }, data: { lockedUntil: null } });
    const [a, b] = await Promise.all([sync.sync('one'), sync.sync('two')]);
    expect([a, b].filter((s) => s === null)).toHaveLength(1);
    expect([a, b].find((s) => s !== null)).toMatchObject({ extended: 1, failed: 0 });
    expect((await lockOf(r.id)).lockedUntil).toEqual(plus(r, 30));
  });

  it('counts and logs every object the store refuses, goes on with the others, and leaves their rows as they were', async () => {
    // A bucket nobody serves: every store call fails (connection refused).
    const lockedConfig = testConfig({
      S3_BUCKET: 'callrec-objlock-test',
      S3_OBJECT_LOCK: 'compliance',
      S3_ENDPOINT: 'http://127.0.0.1:9',
      S3_ACCESS_KEY_ID: 'nobody',
      S3_SECRET_ACCESS_KEY: 'nothing',
    });
    const failing = new RecordingStores(lockedConfig, new LocalDiskStore(t.config), new S3RecordingStore(lockedConfig));
    const failingSync = new ObjectLockSyncService(t.prisma, t.app.get(RedisService, { strict: false }), failing);
    await t.prisma.recording.updateMany({ where: { id: { in: [recordings[0].id, recordings[1].id] } }, data: { lockedUntil: null } });
    const summary = await failingSync.sync('unreachable');
    expect(summary).toMatchObject({ scanned: 4, extended: 0, failed: 2 });
    expect(summary?.failedKeys.sort()).toEqual([recordings[0].storageKey, recordings[1].storageKey].sort());
    expect((await lockOf(recordings[0].id)).lockedUntil).toBeNull();
    expect(await sync.sync('recovered')).toMatchObject({ extended: 2, failed: 0 });
  });

  it('spares expired recordings still locked in the bucket: preview and sweep count them, manual deletion and erasure refuse', async () => {
    // Ben's policy was 30 days when recording 5 (40 days old) was locked for 60: a shortened policy.
    const r = recordings[5];
    const until = new Date(Date.now() + 20 * DAY);
    // On local disk from here on: this app has no bucket, and the rows' dates are what deletions obey.
    await t.prisma.recording.updateMany({ data: { storageBackend: 'LOCAL' } });
    await t.prisma.recording.update({ where: { id: r.id }, data: { lockedUntil: until } });

    const preview = await api(t, '/api/retention/preview', { token: admin.token });
    expect(preview.status).toBe(200);
    expect(preview.body.spared.locked).toEqual({ count: 1, until: until.toISOString() });
    // Only the unlocked one is to be deleted.
    expect(preview.body.byPolicy.find((p: { name: string }) => p.name === 'ben')).toMatchObject({ count: 1 });
    expect(preview.body.total).toBe(1);

    const manual = await api(t, `/api/recordings/${r.id}`, {
      method: 'DELETE',
      token: admin.token,
      body: { reason: 'Recorded by mistake' },
    });
    expect(manual.status).toBe(409);
    expect(manual.body.message).toBe(
      `Recording ${r.storageKey.split('/')[3].split('.')[0]} is protected by Object Lock in the bucket until ${until.toISOString()}; it cannot be deleted before then`,
    );

    const erasure = await api(t, '/api/erasure', {
      method: 'POST',
      token: admin.token,
      body: { phone: r.toNumber, reason: 'GDPR request' },
    });
    expect(erasure.status).toBe(200);
    expect(erasure.body.deleted).toEqual([]);
    expect(erasure.body.kept).toEqual([
      expect.objectContaining({
        recordingId: r.id,
        reason: expect.stringContaining(`protected by Object Lock in the bucket until ${until.toISOString()}`),
      }),
    ]);

    const run = await t.app.get(RetentionSweepService, { strict: false }).sweep('manual');
    expect(run).toMatchObject({ matched: 2, deleted: 1, skippedLocked: 1, failed: 0, error: null });
    expect(await t.prisma.recording.findUniqueOrThrow({ where: { id: r.id }, select: { status: true } })).toEqual({ status: 'STORED' });
    const unlocked = recordings[6].id;
    expect(await t.prisma.recording.findUniqueOrThrow({ where: { id: unlocked }, select: { status: true } })).toEqual({
      status: 'DELETED',
    });
  });

  it('leaves a DELETING row whose lock is still ahead for a later sweep, and finishes it once the lock has passed', async () => {
    const r = recordings[5];
    const deleter = t.app.get(RecordingDeleter, { strict: false });
    await t.prisma.recording.update({
      where: { id: r.id },
      data: { status: 'DELETING', deletedBy: 'retention:ben', deletionReason: 'test' },
    });
    expect((await deleter.resumeInterrupted()).deleted.map((d) => d.id)).not.toContain(r.id);
    expect((await t.prisma.recording.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('DELETING');
    await t.prisma.recording.update({ where: { id: r.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await deleter.resumeInterrupted()).deleted.map((d) => d.id)).toContain(r.id);
  });
});

/** Carries a transaction's findings out of it while rolling it back. */
class Rollback extends Error {
  public constructor(public readonly probes: { retainUntil: Date; now: Date; due: boolean; expired: boolean }[]) {
    super('rolled back on purpose');
  }
}
