import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../test/api-process';
import { ownDatabase } from '../../../test/download-fixtures';
import { emulator } from '../../../test/emulator-control';
import { downloadAudio, sha256, StoredCall, storedCall } from '../../../test/encryption-fixtures';
import { storedBytes } from '../../../test/stored-objects';
import { testKek, testKeyring } from '../../../test/test-keys';
import { createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { KeyEncryption } from '../../services/crypto/key-encryption';
import { KeyRotationLock } from './command-locks';
import { RotationArgs } from './encryption.args';
import { runKeyRotation } from './encryption.cli';
import { KeyRotationService } from './key-rotation.service';

const RUN: RotationArgs = { dryRun: false, batch: 2 };

/**
 * keys:rotate against the real database, Redis and emulator: recordings stored under k1 by one
 * deployment, rotated by one whose keyring is k2,k1, then served by one given k2 alone (design
 * 9.5's "done when"). Every app shares the database and RECORDINGS_DIR, as replicas would.
 */
describe('keys:rotate', () => {
  let databaseUrl: string;
  let recordingsDir: string;
  const apps: TestApp[] = [];
  let underK1: TestApp;
  let rotating: TestApp;
  let agent: TestUser;
  let compliance: TestUser;
  let number = 0;
  const calls: StoredCall[] = [];

  const app = async (overrides: Record<string, string>) => {
    const started = await startTestApp({ APP_ROLE: 'api', DATABASE_URL: databaseUrl, RECORDINGS_DIR: recordingsDir, ...overrides });
    apps.push(started);
    return started;
  };
  const record = (t: TestApp) => storedCall(t, agent, compliance, `+1415555${(6200 + (number += 1)).toString()}`);
  const rotate = async (t: TestApp, args: Partial<RotationArgs> = {}) => {
    const lines: string[] = [];
    const code = await runKeyRotation(
      t.app,
      { ...RUN, ...args },
      (line) => lines.push(line),
      (line) => lines.push(`ERR ${line}`),
    );
    return { code, output: lines.join('\n') };
  };
  const keys = (ids: string[]) =>
    rotating.prisma.recordingKey.findMany({ where: { recordingId: { in: ids } }, orderBy: { recordingId: 'asc' } });

  beforeAll(async () => {
    // A database of its own: the command rewraps every data key, other suites' included.
    databaseUrl = await ownDatabase('key_rotation');
    recordingsDir = mkdtempSync(join(tmpdir(), 'callrec-rotate-'));
    underK1 = await app(testKeyring('k1'));
    rotating = await app(testKeyring('k2', 'k1'));
    agent = await createUser(underK1, 'AGENT');
    compliance = await createUser(underK1, 'COMPLIANCE');
  });
  beforeEach(() => emulator.reset());
  afterAll(async () => {
    for (const started of apps.reverse()) await started.close();
  });

  it('rewraps every data key under the active KEK without touching the audio; an app with only that KEK serves every recording', async () => {
    for (let i = 0; i < 3; i += 1) calls.push(await record(underK1));
    const ids = calls.map((call) => call.recordingId);
    const before = await keys(ids);
    expect(before.map((key) => key.kekId)).toEqual(['k1', 'k1', 'k1']);
    const objects = await Promise.all(calls.map(async (call) => storedBytes(underK1, (await row(call)).storageKey as string)));

    // Before the rotation, a deployment given only k2 cannot open them.
    const onlyK2 = await app(testKeyring('k2'));
    const refused = await fetch(`${onlyK2.url}/api/recordings/${calls[0].recordingId}/download`, {
      headers: { authorization: `Bearer ${compliance.token}` },
    });
    expect(refused.status).toBe(503);

    const dry = await rotate(rotating, { dryRun: true });
    expect(dry).toEqual({ code: 0, output: 'Dry run: 3 data keys would be rewrapped under "k2" (now under: k1 3)' });
    expect((await keys(ids)).map((key) => key.kekId)).toEqual(['k1', 'k1', 'k1']);

    const lines: string[] = [];
    const report = await rotating.app.get(KeyRotationService).run(RUN, (line) => lines.push(line));
    expect(report).toMatchObject({ activeKekId: 'k2', pending: { k1: 3 }, rewrapped: 3, byKek: { k1: 3 }, failed: [], inUse: { k2: 3 } });
    expect(lines).toEqual([
      'Rewrapping 3 data keys under "k2" (now under: k1 3)',
      '2/3 data keys visited, 2 rewrapped (k1 2), 0 failed',
      '3/3 data keys visited, 3 rewrapped (k1 3), 0 failed',
      'Rewrapped 3 of 3 data keys under "k2"; 0 failed, 0 changed meanwhile (deleted or rewrapped by another run)',
      'Key-encryption keys still in use: k2 3',
      'Not used by any data key: k1. Remove them from ENCRYPTION_KEYS once the database backups taken before this run have expired (those backups still hold data keys wrapped by them).',
    ]);
    const after = await keys(ids);
    for (const [i, key] of after.entries()) {
      expect(key.kekId).toBe('k2');
      expect(key.rotatedAt).toBeInstanceOf(Date);
      expect(Buffer.from(key.wrappedDek).equals(Buffer.from(before[i].wrappedDek))).toBe(false);
    }
    for (const [i, call] of calls.entries()) {
      expect((await storedBytes(underK1, (await row(call)).storageKey as string)).equals(objects[i])).toBe(true);
    }

    const [event] = await rotating.prisma.auditEvent.findMany({ where: { action: 'ENCRYPTION_KEYS_ROTATED' } });
    expect(event.details).toEqual({ activeKekId: 'k2', rewrapped: 3, byKek: { k1: 3 }, failed: 0 });
    expect(JSON.stringify(event.details)).not.toContain(testKek('k1').split(':')[1]);

    for (const call of calls) {
      const served = await downloadAudio(onlyK2, compliance, call.recordingId);
      expect(sha256(served)).toBe(call.sha256);
      expect(served.equals(call.audio)).toBe(true);
    }
    // Nothing left to do: a rerun rewraps nothing.
    expect(await rotating.app.get(KeyRotationService).run(RUN)).toMatchObject({ pending: {}, rewrapped: 0, inUse: { k2: 3 } });
  });

  it('reports a data key whose KEK is not in the keyring, rewraps the others, and exits 1', async () => {
    const underK0 = await app(testKeyring('k0'));
    const lost = await record(underK0);
    const fine = await record(underK1);
    const run = await rotate(rotating);
    expect(run.code).toBe(1);
    expect(run.output).toContain('Rewrapped 1 of 2 data keys under "k2"; 1 failed');
    expect(run.output).toContain(
      `failed: ${lost.recordingId} k0: The key-encryption key "k0" is not in this process's keyring (ENCRYPTION_KEYS)`,
    );
    expect(run.output).toContain('Key-encryption keys still in use: k0 1, k2 4');
    expect(run.output).not.toContain(testKek('k0').split(':')[1]);
    const [lostKey, fineKey] = await Promise.all(
      [lost, fine].map(async (call) => rotating.prisma.recordingKey.findUniqueOrThrow({ where: { recordingId: call.recordingId } })),
    );
    expect(lostKey).toMatchObject({ kekId: 'k0', rotatedAt: null });
    expect(fineKey.kekId).toBe('k2');
    const events = await rotating.prisma.auditEvent.findMany({ where: { action: 'ENCRYPTION_KEYS_ROTATED' }, orderBy: { seq: 'desc' } });
    expect(events[0].details).toEqual({ activeKekId: 'k2', rewrapped: 1, byKek: { k1: 1 }, failed: 1 });
    // The recording under k0 is still readable where k0 is.
    expect(sha256(await downloadAudio(underK0, compliance, lost.recordingId))).toBe(lost.sha256);
  });

  it('leaves alone a data key deleted (shredded) or rewrapped by someone else while it was being rewrapped', async () => {
    const shredded = await record(underK1);
    const rewrappedElsewhere = await record(underK1);
    const keyring = rotating.app.get(KeyEncryption);
    const elsewhere = await keyring.wrap(Buffer.alloc(32, 1), rewrappedElsewhere.recordingId);
    const wrap = keyring.wrap.bind(keyring);
    // Between this run's read of the row and its conditional update, another party acts.
    const spy = jest.spyOn(keyring, 'wrap').mockImplementation(async (dek, context) => {
      if (context === shredded.recordingId) await rotating.prisma.recordingKey.delete({ where: { recordingId: context } });
      if (context === rewrappedElsewhere.recordingId) {
        await rotating.prisma.recordingKey.update({
          where: { recordingId: context },
          data: { kekId: elsewhere.kekId, wrappedDek: new Uint8Array(elsewhere.wrapped) },
        });
      }
      return wrap(dek, context);
    });
    try {
      const report = await rotating.app.get(KeyRotationService).run(RUN);
      expect(report).toMatchObject({ rewrapped: 0, skipped: 2, byKek: {} });
      expect(report.failed).toHaveLength(1); // the k0 key of the test before
    } finally {
      spy.mockRestore();
    }
    expect(await rotating.prisma.recordingKey.findUnique({ where: { recordingId: shredded.recordingId } })).toBeNull();
    const kept = await rotating.prisma.recordingKey.findUniqueOrThrow({ where: { recordingId: rewrappedElsewhere.recordingId } });
    expect(Buffer.from(kept.wrappedDek).equals(elsewhere.wrapped)).toBe(true);
    expect(kept.rotatedAt).toBeNull();
  });

  it('refuses a second run while one holds the lock, and a process without a KEK, with exit code 2', async () => {
    const busy = await rotating.app.get(KeyRotationLock).holding(() => rotate(rotating));
    expect(busy.code).toBe(2);
    expect(busy.output).toContain('Another keys:rotate is running (it holds the Redis lock callrec:keys-rotate:lock)');
    const cli = await runCli(rotating.config, ['keys-rotate', '--dry-run'], { DATABASE_URL: databaseUrl, ...testKeyring('k2', 'k1') });
    expect(cli.code).toBe(0);
    expect(cli.output).toContain('Dry run: 1 data keys would be rewrapped under "k2" (now under: k0 1)');
    expect(cli.output).toContain('not in the keyring, so they cannot be rewrapped: k0');
    const off = await rotate(await app({}));
    expect(off.code).toBe(2);
    expect(off.output).toContain('keys:rotate needs ENCRYPTION_KEYS (or ENCRYPTION_KEYS_FILE): no key-encryption key is configured');
  });

  async function row(call: StoredCall) {
    return rotating.prisma.recording.findUniqueOrThrow({ where: { id: call.recordingId } });
  }
});
