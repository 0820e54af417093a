import { runCli } from '../../../test/api-process';
import { ownDatabase } from '../../../test/download-fixtures';
import { seedStoredRecordings, SeededRecording } from '../../../test/recording-fixtures';
import { ownBucket, putStoredObject, storedBytes, storedExists, storedSha256 } from '../../../test/stored-objects';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { testKeyring } from '../../../test/test-keys';
import { CHUNK_BYTES } from '../../services/crypto/chunked-gcm';
import { RecordingVault } from '../../services/crypto/recording-vault';
import { AppConfig } from '../../services/config/app-config';
import { StorageBackend } from '../../services/storage/recording-store';
import { MigrationBusyError } from './migration.lock';
import { MigrationArgs } from './storage-migration.args';
import { MigrationReport, StorageMigrationService } from './storage-migration.service';

const { LOCAL, S3 } = StorageBackend;

/** The settings a CLI child needs to reach this app's database and both of its stores. */
function storesEnv(config: AppConfig, databaseUrl: string): Record<string, string> {
  const s3 = config.s3;
  if (!s3) throw new Error('The s3 tier configures a bucket');
  return {
    DATABASE_URL: databaseUrl,
    STORAGE_DRIVER: config.storageDriver,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_FORCE_PATH_STYLE: String(s3.forcePathStyle),
    S3_OBJECT_LOCK: s3.objectLock,
    S3_EVIDENCE_RETAIN_DAYS: String(s3.evidenceRetainDays),
    ...(s3.endpoint ? { S3_ENDPOINT: s3.endpoint } : {}),
    ...(s3.accessKeyId && s3.secretAccessKey ? { S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey } : {}),
  };
}

/**
 * storage:migrate between the local disk and the bucket (s3 tier: a local → local move would
 * prove nothing). A database and a bucket of its own: a run moves every row it finds.
 */
describe('storage:migrate', () => {
  let t: TestApp;
  let admin: TestUser;
  let databaseUrl: string;
  let migration: StorageMigrationService;
  let recordings: SeededRecording[];
  const args = (to: StorageBackend, more: Partial<MigrationArgs> = {}): MigrationArgs => ({
    to,
    dryRun: false,
    batch: 2,
    limit: null,
    ...more,
  });

  beforeAll(async () => {
    databaseUrl = await ownDatabase('storage_migrate');
    // With a KEK: the last test moves encrypted recordings (the others are plain, as the CLI child's are).
    t = await startTestApp({ APP_ROLE: 'api', DATABASE_URL: databaseUrl, ...ownBucket('migrate'), ...testKeyring('k1') });
    admin = await createUser(t, 'ADMIN');
    migration = t.app.get(StorageMigrationService);
    const agentId = (await createUser(t, 'AGENT')).id;
    recordings = await seedStoredRecordings(
      t,
      [1, 2, 3, 4, 5, 6, 7].map((daysAgo) => ({ agentId, daysAgo, bytes: 20_000 * daysAgo, storageBackend: LOCAL })),
    );
  });
  afterAll(() => t?.close());

  const backends = async () =>
    (await t.prisma.recording.findMany({ where: { id: { in: recordings.map((r) => r.id) } }, select: { storageBackend: true } })).map(
      (r) => r.storageBackend,
    );
  const movedEvents = () => t.prisma.auditEvent.findMany({ where: { action: 'RECORDING_STORAGE_MOVED' }, orderBy: { seq: 'asc' } });

  async function expectAllIn(backend: StorageBackend, other: StorageBackend): Promise<void> {
    expect(await backends()).toEqual(recordings.map(() => backend));
    for (const recording of recordings) {
      expect(await storedSha256(t, recording.storageKey, backend)).toBe(recording.sha256);
      expect(await storedExists(t, recording.storageKey, other)).toBe(false);
    }
    expect((await api(t, '/api/health/storage?hashes=true', { token: admin.token })).body).toMatchObject({ ok: true, orphanFiles: [] });
  }

  it('prints what a dry run would move and changes nothing', async () => {
    const lines: string[] = [];
    const report = await migration.run(args(S3, { dryRun: true }), (line) => lines.push(line));
    const bytes = recordings.reduce((sum, r) => sum + r.sizeBytes, 0);
    expect(report).toMatchObject({ total: 7, totalBytes: bytes, moved: 0, failed: [] });
    expect(lines.join('\n')).toContain(`Dry run: 7 recordings (${(bytes / 1_000_000).toFixed(1)} MB) would move from local to s3`);
    expect(await backends()).toEqual(recordings.map(() => LOCAL));
    expect(await movedEvents()).toHaveLength(0);
  });

  it('refuses a second run while one holds the lock', async () => {
    const results = await Promise.allSettled([migration.run(args(S3, { dryRun: true })), migration.run(args(S3, { dryRun: true }))]);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([
      expect.any(MigrationBusyError),
    ]);
  });

  it('moves to the bucket, stopped after k recordings and resumed, cleaning a source copy a crash left behind', async () => {
    const first = await migration.run(args(S3, { limit: 3 }));
    expect(first).toMatchObject({ total: 7, moved: 3, stoppedAtLimit: true, failed: [], skipped: [], leftovers: [] });
    expect((await backends()).filter((b) => b === S3)).toHaveLength(3);

    // A crash after the switch and before the source copy went: the local copy is back.
    const [moved] = await t.prisma.recording.findMany({ where: { id: { in: recordings.map((r) => r.id) }, storageBackend: S3 }, take: 1 });
    const again = recordings.find((r) => r.id === moved.id) as SeededRecording;
    await putStoredObject(t, again.storageKey, await storedBytes(t, again.storageKey, S3), LOCAL);

    const lines: string[] = [];
    const second = await migration.run(args(S3), (line) => lines.push(line));
    expect(second).toMatchObject({ total: 4, moved: 4, cleaned: 1, stoppedAtLimit: false, failed: [], leftovers: [] });
    expect(lines.some((line) => /^\d+\/4 recordings, [\d.]+ MB, [\d.]+ MB\/s/.test(line))).toBe(true);
    await expectAllIn(S3, LOCAL);

    const events = await movedEvents();
    expect(events).toHaveLength(7);
    expect(events.find((e) => e.recordingId === again.id)?.details).toEqual({
      from: 'LOCAL',
      to: 'S3',
      storageKey: again.storageKey,
      sha256: again.sha256,
      sizeBytes: again.sizeBytes,
    });
  });

  it('moves nothing the second time', async () => {
    expect(await migration.run(args(S3))).toMatchObject({ total: 0, moved: 0, cleaned: 0, failed: [] });
    expect(await movedEvents()).toHaveLength(7);
  });

  it('never switches a row whose copy does not hash to its sha256, and removes that copy', async () => {
    // The first row a run visits (rows go in id order; PostgreSQL orders uuids as their hex text).
    const [victim] = [...recordings].sort((a, b) => (a.id < b.id ? -1 : 1));
    const wrong = 'f'.repeat(64);
    await t.prisma.recording.update({ where: { id: victim.id }, data: { sha256: wrong } });
    try {
      const report: MigrationReport = await migration.run(args(LOCAL, { limit: 1 }));
      expect(report.failed).toEqual([
        expect.stringContaining(`${victim.id} ${victim.storageKey}: the LOCAL copy hashes to ${victim.sha256}, not ${wrong}`),
      ]);
      expect(report.moved).toBe(0);
      expect((await t.prisma.recording.findUniqueOrThrow({ where: { id: victim.id } })).storageBackend).toBe(S3);
      expect(await storedExists(t, victim.storageKey, LOCAL)).toBe(false);
      expect(await storedExists(t, victim.storageKey, S3)).toBe(true);
    } finally {
      await t.prisma.recording.update({ where: { id: victim.id }, data: { sha256: victim.sha256 } });
    }
  });

  it('moves everything back to local disk through the CLI, with exit code 0, and refuses a bad target with 2', async () => {
    const env = storesEnv(t.config, databaseUrl);
    const bad = await runCli(t.config, ['storage-migrate', '--to', 'nfs'], env);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--to must be s3 or local, not "nfs"');

    const run = await runCli(t.config, ['storage-migrate', '--to', 'local', '--batch', '3'], env);
    expect({ code: run.code, output: run.output }).toEqual({
      code: 0,
      output: expect.stringContaining('Moved 7 of 7 recordings to local; 0 failed'),
    });
    await expectAllIn(LOCAL, S3);
    expect((await movedEvents()).filter((e) => (e.details as { to: string }).to === 'LOCAL')).toHaveLength(7);
  });

  it('moves encrypted recordings as they are, proven by the hash of their plaintext, their data keys untouched', async () => {
    const agentId = (await createUser(t, 'AGENT')).id;
    const sealed = await seedStoredRecordings(
      t,
      [8, 9].map((daysAgo) => ({ agentId, daysAgo, bytes: CHUNK_BYTES + 5000, storageBackend: LOCAL, encrypted: true })),
    );
    const ids = sealed.map((r) => r.id);
    const keysBefore = await t.prisma.recordingKey.findMany({ where: { recordingId: { in: ids } }, orderBy: { recordingId: 'asc' } });
    const ciphertexts = await Promise.all(sealed.map((r) => storedBytes(t, r.storageKey, LOCAL)));

    // The plain recordings of the tests above go too (they are all on local disk again).
    const all = recordings.length + sealed.length;
    expect(await migration.run(args(S3))).toMatchObject({ moved: all, failed: [], leftovers: [] });
    // A crash after the switch and before the source copy went: a leftover that is removed only
    // once the bucket's copy is proven, again by the hash of its plaintext.
    await putStoredObject(t, sealed[0].storageKey, ciphertexts[0], LOCAL);
    expect(await migration.run(args(S3))).toMatchObject({ moved: 0, cleaned: 1, failed: [], leftovers: [] });

    const vault = t.app.get(RecordingVault);
    for (const [i, recording] of sealed.entries()) {
      expect(await storedBytes(t, recording.storageKey, S3)).toEqual(ciphertexts[i]);
      expect(await storedExists(t, recording.storageKey, LOCAL)).toBe(false);
      const media = {
        id: recording.id,
        storageBackend: S3,
        storageKey: recording.storageKey,
        sizeBytes: recording.sizeBytes,
        encrypted: true,
      };
      expect(await vault.sha256(media)).toBe(recording.sha256);
    }
    expect(await t.prisma.recordingKey.findMany({ where: { recordingId: { in: ids } }, orderBy: { recordingId: 'asc' } })).toEqual(
      keysBefore,
    );
    expect((await api(t, '/api/health/storage?hashes=true', { token: admin.token })).body).toMatchObject({
      ok: true,
      integrityFailures: [],
    });

    expect(await migration.run(args(LOCAL))).toMatchObject({ moved: all, failed: [] });
    expect((await api(t, '/api/health/storage?hashes=true', { token: admin.token })).body).toMatchObject({ ok: true });
  });
});
