import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../test/api-process';
import { ownDatabase } from '../../../test/download-fixtures';
import { emulator } from '../../../test/emulator-control';
import { downloadAudio, looksLikeWav, sha256, StoredCall, storedCall } from '../../../test/encryption-fixtures';
import { putStoredObject, storedBytes, storedExists, tierStoresOnLocalDisk } from '../../../test/stored-objects';
import { testKeyring } from '../../../test/test-keys';
import { createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { encryptedKeyOf } from '../../services/storage/recording-store';
import { StorageEncryptionLock } from './command-locks';
import { EncryptionArgs } from './encryption.args';
import { runStorageEncryption } from './encryption.cli';
import { StorageEncryptionService } from './storage-encryption.service';

const RUN: EncryptionArgs = { dryRun: false, batch: 2, limit: null };

/**
 * storage:encrypt against the real database, Redis, emulator and the local store: recordings
 * stored in the clear by an app without ENCRYPTION_KEYS, then encrypted by one with a keyring
 * (both share the database and RECORDINGS_DIR, as two deployments of one install would).
 */
(tierStoresOnLocalDisk() ? describe : describe.skip)('storage:encrypt', () => {
  let databaseUrl: string;
  let plain: TestApp;
  let t: TestApp;
  let agent: TestUser;
  let compliance: TestUser;
  let number = 0;
  /** Recorded by the dry run's test and left unencrypted for the next. */
  const left: StoredCall[] = [];

  beforeAll(async () => {
    // A database of its own: the command encrypts every unencrypted row, other suites' included.
    databaseUrl = await ownDatabase('storage_encrypt');
    const shared = { APP_ROLE: 'api', DATABASE_URL: databaseUrl, RECORDINGS_DIR: mkdtempSync(join(tmpdir(), 'callrec-encrypt-')) };
    plain = await startTestApp(shared);
    t = await startTestApp({ ...shared, ...testKeyring('k1') });
    agent = await createUser(plain, 'AGENT');
    compliance = await createUser(plain, 'COMPLIANCE');
  });
  beforeEach(() => emulator.reset());
  afterAll(async () => {
    await t?.close();
    await plain?.close();
  });

  const record = async (count: number): Promise<StoredCall[]> => {
    const calls: StoredCall[] = [];
    for (let i = 0; i < count; i += 1)
      calls.push(await storedCall(plain, agent, compliance, `+1415555${(6100 + (number += 1)).toString()}`));
    return calls;
  };
  const encrypt = (args: Partial<EncryptionArgs> = {}) => {
    const lines: string[] = [];
    return t.app
      .get(StorageEncryptionService)
      .run({ ...RUN, ...args }, (line) => lines.push(line))
      .then((report) => ({ report, lines }));
  };
  const exitCode = async (app: TestApp, args: Partial<EncryptionArgs> = {}) => {
    const lines: string[] = [];
    const code = await runStorageEncryption(
      app.app,
      { ...RUN, ...args },
      (line) => lines.push(line),
      (line) => lines.push(`ERR ${line}`),
    );
    return { code, output: lines.join('\n') };
  };

  /** Encrypted as it should be: the row on `<key>.enc` with its key, ciphertext there, no plaintext, the same audio served. */
  const expectEncrypted = async (call: StoredCall) => {
    const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: call.recordingId }, include: { dataKey: true } });
    expect(row).toMatchObject({ status: 'STORED', encrypted: true, storageKey: encryptedKeyOf(call.storageKey), sha256: call.sha256 });
    expect(row.dataKey?.kekId).toBe('k1');
    const stored = await storedBytes(t, row.storageKey as string, row.storageBackend);
    expect(looksLikeWav(stored)).toBe(false);
    expect(sha256(stored)).not.toBe(call.sha256);
    expect(await storedExists(t, call.storageKey, row.storageBackend)).toBe(false);
    const served = await downloadAudio(t, compliance, call.recordingId);
    expect(sha256(served)).toBe(call.sha256);
    expect(served.equals(call.audio)).toBe(true);
  };

  it('a dry run counts the unencrypted recordings and changes nothing', async () => {
    const [call] = await record(1);
    const { report, lines } = await encrypt({ dryRun: true });
    expect(report).toMatchObject({ dryRun: true, total: 1, totalBytes: call.audio.length, encrypted: 0 });
    expect(lines).toEqual([`Dry run: 1 unencrypted recordings (${(call.audio.length / 1e6).toFixed(1)} MB) would be encrypted`]);
    expect(await t.prisma.recording.findUniqueOrThrow({ where: { id: call.recordingId } })).toMatchObject({ encrypted: false });
    expect(await storedExists(t, call.storageKey)).toBe(true);
    left.push(call);
  });

  it('encrypts every stored recording in steps (--limit), verified, audited, served byte-identical, and resumes', async () => {
    const calls = [...left, ...(await record(2))];
    const unencrypted = await t.prisma.recording.count({ where: { encrypted: false, status: 'STORED' } });
    expect(looksLikeWav(await storedBytes(t, calls[0].storageKey))).toBe(true);

    const first = await encrypt({ limit: 1 });
    expect(first.report).toMatchObject({ total: unencrypted, encrypted: 1, failed: [], stoppedAtLimit: true });
    expect(first.lines.at(-1)).toContain('(stopped at --limit)');
    expect(await t.prisma.recording.count({ where: { encrypted: false, status: 'STORED' } })).toBe(unencrypted - 1);

    const second = await exitCode(t);
    expect(second.code).toBe(0);
    expect(second.output).toContain(`Encrypting ${unencrypted - 1} recordings`);
    expect(second.output).toMatch(new RegExp(`Encrypted ${unencrypted - 1} of ${unencrypted - 1} recordings; 0 failed`));
    for (const call of calls) await expectEncrypted(call);

    const events = await t.prisma.auditEvent.findMany({
      where: { action: 'RECORDING_ENCRYPTED', recordingId: { in: calls.map((call) => call.recordingId) } },
    });
    expect(events).toHaveLength(calls.length);
    for (const call of calls) {
      expect(events.find((event) => event.recordingId === call.recordingId)?.details).toEqual({
        from: call.storageKey,
        to: encryptedKeyOf(call.storageKey),
        kekId: 'k1',
        sha256: call.sha256,
        storageBackend: 'LOCAL',
      });
    }
    expect((await encrypt()).report).toMatchObject({ total: 0, encrypted: 0, cleaned: 0, failed: [] });
  });

  it('resumes after a crash that left an orphan .enc (written, row not switched): the next run replaces it', async () => {
    const [call] = await record(1);
    await putStoredObject(t, encryptedKeyOf(call.storageKey), Buffer.from('half of an earlier run'));
    const { report } = await encrypt();
    expect(report).toMatchObject({ encrypted: 1, failed: [], leftovers: [] });
    await expectEncrypted(call);
  });

  it('resumes after a crash that left the plaintext (row switched): removed once the encrypted copy proves out', async () => {
    const [call] = await record(1);
    await encrypt();
    await expectEncrypted(call);
    const encKey = encryptedKeyOf(call.storageKey);
    const sealed = await storedBytes(t, encKey);
    // The crash: the plaintext is still there. And the encrypted copy is damaged: the plaintext must stay.
    await putStoredObject(t, call.storageKey, call.audio);
    await putStoredObject(t, encKey, Buffer.concat([sealed.subarray(0, 100), Buffer.alloc(sealed.length - 100, 7)]));
    const refused = await exitCode(t);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`${call.recordingId} ${encKey}: the encrypted copy does not decrypt to the row's sha256`);
    expect(await storedExists(t, call.storageKey)).toBe(true);

    await putStoredObject(t, encKey, sealed);
    const { report, lines } = await encrypt();
    expect(report).toMatchObject({ cleaned: 1, failed: [] });
    expect(lines).toContain('Removed 1 plaintext copies left by an earlier run');
    await expectEncrypted(call);
  });

  it('leaves recordings whose plaintext Object Lock keeps (retention date ahead, legal hold) unencrypted, saying why', async () => {
    const [locked, held] = await record(2);
    const until = new Date(Date.now() + 86_400_000);
    await t.prisma.recording.update({ where: { id: locked.recordingId }, data: { lockedUntil: until } });
    await t.prisma.recording.update({ where: { id: held.recordingId }, data: { objectLegalHold: true } });
    const run = await exitCode(t);
    expect(run.code).toBe(0);
    expect(run.output).toContain(
      `${locked.recordingId} ${locked.storageKey}: not encrypted, its plaintext is locked by Object Lock until ${until.toISOString()}`,
    );
    expect(run.output).toContain(`${held.recordingId} ${held.storageKey}: not encrypted, its plaintext is under an Object Lock legal hold`);
    for (const call of [locked, held]) {
      expect(await t.prisma.recording.findUniqueOrThrow({ where: { id: call.recordingId } })).toMatchObject({
        encrypted: false,
        storageKey: call.storageKey,
      });
      expect(await storedExists(t, encryptedKeyOf(call.storageKey))).toBe(false);
    }
    // Once the lock is over, they are encrypted like any other.
    await t.prisma.recording.updateMany({
      where: { id: { in: [locked.recordingId, held.recordingId] } },
      data: { lockedUntil: null, objectLegalHold: false },
    });
    expect((await encrypt()).report).toMatchObject({ encrypted: 2, lockedPlaintext: [] });
    await expectEncrypted(locked);
    await expectEncrypted(held);
  });

  it('leaves a recording claimed meanwhile (a deletion in progress) as it is, and discards its encrypted copy', async () => {
    const [call] = await record(1);
    await t.prisma.$executeRaw`UPDATE "Recording" SET "claimToken" = gen_random_uuid() WHERE id = ${call.recordingId}::uuid`;
    const { report } = await encrypt();
    expect(report.skipped).toEqual([`${call.recordingId} ${call.storageKey}: changed meanwhile (deleted, claimed or moved)`]);
    expect(await storedExists(t, encryptedKeyOf(call.storageKey))).toBe(false);
    expect(await storedExists(t, call.storageKey)).toBe(true);
    await t.prisma.recording.update({ where: { id: call.recordingId }, data: { claimToken: null } });
    expect((await encrypt()).report).toMatchObject({ encrypted: 1 });
  });

  it('runs as `npm run storage:encrypt` (the built CLI), refusing a bad argument before connecting', async () => {
    const [call] = await record(1);
    const run = await runCli(t.config, ['storage-encrypt', '--batch', '10'], { DATABASE_URL: databaseUrl, ...testKeyring('k1') });
    expect(run.output).toContain('Encrypted 1 of 1 recordings; 0 failed');
    expect(run.code).toBe(0);
    await expectEncrypted(call);
    const usage = await runCli(t.config, ['storage-encrypt', '--to', 's3'], { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    expect(usage.code).toBe(2);
    expect(usage.output).toContain('Unknown argument "--to"\nUsage: npm run storage:encrypt');
  });

  it('refuses to run without a key-encryption key, or while another run holds the lock, with exit code 2', async () => {
    const off = await exitCode(plain);
    expect(off.code).toBe(2);
    expect(off.output).toContain('storage:encrypt needs ENCRYPTION_KEYS (or ENCRYPTION_KEYS_FILE): no key-encryption key is configured');
    const busy = await t.app.get(StorageEncryptionLock).holding(() => exitCode(t));
    expect(busy.code).toBe(2);
    expect(busy.output).toContain('Another storage:encrypt is running (it holds the Redis lock callrec:storage-encrypt:lock)');
  });
});
