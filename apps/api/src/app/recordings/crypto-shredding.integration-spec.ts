import { createHash, randomInt } from 'node:crypto';
import { mkdir, rename, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ownDatabase } from '../../../test/download-fixtures';
import { emulator } from '../../../test/emulator-control';
import { deleteStoredObject, putStoredObject, storedBytes, tierStoresOnLocalDisk } from '../../../test/stored-objects';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { testKeyring } from '../../../test/test-keys';
import { DataKeyMissingError, RecordingVault } from '../../services/crypto/recording-vault';
import { StorageBackend } from '../../services/storage/recording-store';
import { RecordingDeleter } from './deletion/recording.deleter';

interface StoredRow {
  id: string;
  storageKey: string;
  storageBackend: StorageBackend | null;
  sizeBytes: number;
  sha256: string;
  twilioRecordingSid: string;
}

/**
 * Crypto-shredding (design 9.5): retention, a manual deletion and an erasure each destroy the
 * recording's data key with the row's DELETED, and the tombstone says so. What makes it matter is
 * shown directly: the ciphertext taken before the deletion and put back afterwards, as a backup
 * restore would, is readable by nothing the product has.
 */
describe('crypto-shredding on every deletion path', () => {
  let t: TestApp;
  let admin: TestUser;
  let compliance: TestUser;
  let agent: TestUser;

  beforeAll(async () => {
    // A database of its own: the sweep and the storage check see every row in it.
    t = await startTestApp({
      ...testKeyring('k1'),
      DATABASE_URL: await ownDatabase('shredding'),
      DOWNLOAD_BACKOFF_MS: '200',
      DOWNLOAD_BACKOFF_MAX_MS: '500',
    });
    admin = await createUser(t, 'ADMIN');
    compliance = await createUser(t, 'COMPLIANCE');
    agent = await createUser(t, 'AGENT');
    await emulator.reset();
  });
  afterAll(() => t?.close());

  const number = () => `+1415555${randomInt(1000, 9999)}`;

  /** A call recorded through the emulator and stored encrypted by the real pipeline; its plaintext proven readable. */
  async function recorded(by: TestUser, to = number()): Promise<StoredRow> {
    const placed = await api(t, '/api/calls', { method: 'POST', token: by.token, body: { to } });
    expect(placed.status).toBe(201);
    await waitFor('answered', async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: placed.body.id } })).status === 'in_progress');
    await emulator.hangup(placed.body.twilioCallSid, 2);
    const row = (await waitFor('the recording to be stored', async () => {
      const found = await t.prisma.recording.findFirst({ where: { callRecordId: placed.body.id } });
      return found?.status === 'STORED' && found;
    })) as unknown as StoredRow & { encrypted: boolean };
    expect(row.encrypted).toBe(true);
    expect(await t.prisma.recordingKey.findUnique({ where: { recordingId: row.id } })).toMatchObject({ kekId: 'k1' });
    const download = await fetch(`${t.url}/api/recordings/${row.id}/download`, { headers: { authorization: `Bearer ${compliance.token}` } });
    expect(download.status).toBe(200);
    const plaintext = Buffer.from(await download.arrayBuffer());
    expect(plaintext.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(createHash('sha256').update(plaintext).digest('hex')).toBe(row.sha256);
    return row;
  }

  async function expectShredded(row: StoredRow, deletedBy: string): Promise<void> {
    const after = await t.prisma.recording.findUniqueOrThrow({ where: { id: row.id }, include: { dataKey: true } });
    expect(after).toMatchObject({ status: 'DELETED', deletedBy, dataKey: null });
    expect(after.keyShreddedAt).toEqual(after.deletedAt);
    const tombstones = await t.prisma.auditEvent.findMany({ where: { recordingId: row.id, action: 'RECORDING_DELETED' } });
    expect(tombstones).toHaveLength(1);
    expect(tombstones[0].details).toMatchObject({ deletedBy, sha256: row.sha256, encrypted: true, keyShredded: true });
  }

  /**
   * The object as a backup holds it, put back where it was and the row forced back to STORED:
   * still no audio header in it, the vault refuses it for want of a key, and so do the API and
   * the storage check. Then both are put back as the deletion left them.
   */
  async function expectUnreadableWhenRestored(row: StoredRow, ciphertext: Buffer): Promise<void> {
    expect(ciphertext.subarray(0, 4).toString('latin1')).not.toBe('RIFF');
    expect(ciphertext.includes(Buffer.from('WAVEfmt ', 'latin1'))).toBe(false);
    await putStoredObject(t, row.storageKey, ciphertext, row.storageBackend);
    await t.prisma.recording.update({ where: { id: row.id }, data: { status: 'STORED' } });
    try {
      const media = { id: row.id, storageBackend: row.storageBackend, storageKey: row.storageKey, sizeBytes: row.sizeBytes, encrypted: true };
      await expect(t.app.get(RecordingVault).open(media)).rejects.toBeInstanceOf(DataKeyMissingError);
      const download = await api(t, `/api/recordings/${row.id}/download`, { token: compliance.token });
      expect(download.status).toBe(500);
      expect(download.body.message).toMatch(/crypto-shredded/);
      expect((await api(t, '/api/health/storage', { token: admin.token })).body).toMatchObject({
        ok: false,
        missingKeys: [`${row.id} ${row.storageKey}`],
      });
    } finally {
      await t.prisma.recording.update({ where: { id: row.id }, data: { status: 'DELETED' } });
      await deleteStoredObject(t, row.storageKey, row.storageBackend);
    }
  }

  it('a manual deletion destroys the data key with the audio', async () => {
    const row = await recorded(agent);
    const ciphertext = await storedBytes(t, row.storageKey, row.storageBackend);
    const deleted = await api(t, `/api/recordings/${row.id}`, { method: 'DELETE', token: admin.token, body: { reason: 'Recorded by mistake' } });
    expect(deleted.status).toBe(200);
    await expectShredded(row, `user:${admin.email}`);
    await expectUnreadableWhenRestored(row, ciphertext);
  });

  it('a retention sweep destroys the data keys of what it deletes', async () => {
    const expiring = await createUser(t, 'AGENT');
    const row = await recorded(expiring);
    const ciphertext = await storedBytes(t, row.storageKey, row.storageBackend);
    const policy = await api(t, '/api/retention-policies', {
      method: 'POST',
      token: admin.token,
      body: { name: 'Shred at the next sweep', retainDays: 0, scope: { agentId: expiring.id } },
    });
    expect(policy.status).toBe(201);
    expect((await api(t, '/api/retention/run', { method: 'POST', token: admin.token })).status).toBe(202);
    const run = await waitFor('the sweep to finish', async () => {
      const runs = await api(t, '/api/retention/runs', { token: admin.token });
      return runs.body.find((r: { trigger: string; finishedAt: string | null }) => r.trigger === 'manual' && r.finishedAt);
    });
    expect(run).toMatchObject({ deleted: 1, error: null });
    await expectShredded(row, 'retention:Shred at the next sweep');
    await expectUnreadableWhenRestored(row, ciphertext);
  });

  it('an erasure destroys the data keys of the number’s recordings', async () => {
    const phone = number();
    const row = await recorded(agent, phone);
    const ciphertext = await storedBytes(t, row.storageKey, row.storageBackend);
    const erased = await api(t, '/api/erasure', { method: 'POST', token: compliance.token, body: { phone, reason: 'GDPR Art. 17' } });
    expect(erased.status).toBe(200);
    expect(erased.body.deleted.map((d: { recordingId: string }) => d.recordingId)).toEqual([row.id]);
    await expectShredded(row, `erasure:${compliance.email}`);
    await expectUnreadableWhenRestored(row, ciphertext);
  });

  // Local disk only: a directory where the file was is how this test makes the unlink fail.
  (tierStoresOnLocalDisk() ? it : it.skip)('keeps the key while the audio could not be removed, and destroys it when the deletion finishes', async () => {
    const row = await recorded(agent);
    const path = join(t.config.recordingsDir, ...row.storageKey.split('/'));
    await rename(path, `${path}.aside`);
    await mkdir(path);
    const refused = await api(t, `/api/recordings/${row.id}`, { method: 'DELETE', token: admin.token, body: { reason: 'Cleanup' } });
    expect(refused.status).toBe(503);
    // Not DELETED yet: the audio may still be there and a legal hold could take the row back, so the key stays.
    const deleting = await t.prisma.recording.findUniqueOrThrow({ where: { id: row.id }, include: { dataKey: true } });
    expect(deleting).toMatchObject({ status: 'DELETING', keyShreddedAt: null, dataKey: { kekId: 'k1' } });
    expect(await t.prisma.auditEvent.count({ where: { recordingId: row.id, action: 'RECORDING_DELETED' } })).toBe(0);

    await rmdir(path);
    await rename(`${path}.aside`, path);
    const resumed = await t.app.get(RecordingDeleter).resumeInterrupted();
    expect(resumed.deleted.map((r) => r.id)).toContain(row.id);
    await expectShredded(row, `user:${admin.email}`);
  });

  it('leaves rows and storage consistent: no DELETED row keeps a key, every STORED one has its own', async () => {
    const kept = await recorded(agent);
    const check = await api(t, '/api/health/storage?hashes=true', { token: admin.token });
    expect(check.body).toMatchObject({ ok: true, missingKeys: [], keysNotShredded: [], integrityFailures: [] });
    const keys = await t.prisma.recordingKey.findMany({ select: { recordingId: true } });
    expect(keys.map((k) => k.recordingId)).toEqual([kept.id]);
  });
});
