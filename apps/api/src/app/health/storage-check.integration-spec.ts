import { randomBytes } from 'node:crypto';
import { ownDatabase } from '../../../test/download-fixtures';
import { seedStoredRecordings } from '../../../test/recording-fixtures';
import {
  deleteStoredObject,
  orphanLabel,
  ownBucket,
  putStoredObject,
  storedBytes,
  tierStoresOnLocalDisk,
} from '../../../test/stored-objects';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { testKeyring } from '../../../test/test-keys';
import { CHUNK_BYTES, CHUNK_OVERHEAD, HEADER_BYTES, sealedSize } from '../../services/crypto/chunked-gcm';
import { recordingKey, StorageBackend } from '../../services/storage/recording-store';

/**
 * The storage check per store (design 9.4): a row is checked in the store it names, and each
 * store's listing against its own rows. On the normal tier both stores are the local disk; on
 * the s3 tier the LOCAL row sits beside a bucket that is the primary store.
 */
describe('check:storage across stores', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    // The check covers every row and every object: a database and a bucket of its own.
    // With a KEK, so that encrypted recordings can be seeded beside plain ones.
    t = await startTestApp({
      APP_ROLE: 'api',
      DATABASE_URL: await ownDatabase('storage_check'),
      ...ownBucket('check'),
      ...testKeyring('k1'),
    });
    admin = await createUser(t, 'ADMIN');
  });
  afterAll(() => t?.close());

  it('names a LOCAL row whose file is gone as missing and an object without a row as an orphan, then is clean again', async () => {
    const agent = await createUser(t, 'AGENT');
    const [local, primary] = await seedStoredRecordings(t, [
      { agentId: agent.id, daysAgo: 1, storageBackend: StorageBackend.LOCAL },
      { agentId: agent.id, daysAgo: 2 },
    ]);
    expect((await api(t, '/api/health/storage?hashes=true', { token: admin.token })).body).toMatchObject({ ok: true, checkedRows: 2 });

    const orphan = recordingKey(`RE${randomBytes(16).toString('hex')}`, 'wav', new Date());
    await putStoredObject(t, orphan, Buffer.from('nobody owns me'));
    await deleteStoredObject(t, local.storageKey, StorageBackend.LOCAL);
    const check = await api(t, '/api/health/storage', { token: admin.token });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({
      ok: false,
      missingOrWrongSize: [`${local.id} ${local.storageKey}`],
      notDeleted: [],
      orphanFiles: [orphanLabel(t, orphan)],
    });
    // The row in the primary store is found where it is, whichever store that is.
    expect(check.body.missingOrWrongSize).not.toContain(`${primary.id} ${primary.storageKey}`);

    await deleteStoredObject(t, orphan);
    await t.prisma.recording.update({ where: { id: local.id }, data: { status: 'DELETED', deletedAt: new Date() } });
    expect((await api(t, '/api/health/storage', { token: admin.token })).body).toMatchObject({
      ok: true,
      orphanFiles: [],
      missingOrWrongSize: [],
    });
  });

  // Normal tier only: there, no bucket is configured for a row that says S3.
  (tierStoresOnLocalDisk() ? it : it.skip)('reports a row in a store this process cannot reach instead of failing', async () => {
    const agent = await createUser(t, 'AGENT');
    const [elsewhere] = await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 3 }]);
    await t.prisma.recording.update({ where: { id: elsewhere.id }, data: { storageBackend: StorageBackend.S3 } });
    const check = await api(t, '/api/health/storage', { token: admin.token });
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({
      ok: false,
      missingOrWrongSize: [`${elsewhere.id} s3:${elsewhere.storageKey} (store not configured)`],
      // Its file on disk belongs to no row of the local store now.
      orphanFiles: [elsewhere.storageKey],
    });
    await t.prisma.recording.update({ where: { id: elsewhere.id }, data: { storageBackend: StorageBackend.LOCAL } });
    expect((await api(t, '/api/health/storage', { token: admin.token })).body).toMatchObject({ ok: true });
  });

  it('checks encrypted recordings by their plaintext and names a tampered chunk, a missing key and a key a deletion kept', async () => {
    const agent = await createUser(t, 'AGENT');
    // Three chunks each, so a flipped byte in the middle one is found by reading, not by size.
    const [tampered, keyless, deleted] = await seedStoredRecordings(
      t,
      [4, 5, 6].map((daysAgo) => ({ agentId: agent.id, daysAgo, bytes: 2 * CHUNK_BYTES + 1000, encrypted: true })),
    );
    const clean = async () =>
      expect((await api(t, '/api/health/storage?hashes=true', { token: admin.token })).body).toMatchObject({ ok: true });
    // The objects are larger than the rows say (the ciphertext's header and tags); hashes are of the plaintext.
    const stored = await storedBytes(t, tampered.storageKey);
    expect(stored.length).toBe(sealedSize(tampered.sizeBytes));
    expect(stored.length).toBeGreaterThan(tampered.sizeBytes);
    await clean();

    // A byte flipped inside chunk 1: same size, so only re-reading (hashes) finds it, and names it.
    const offset = HEADER_BYTES + (CHUNK_BYTES + CHUNK_OVERHEAD) + 100;
    const altered = Buffer.from(stored);
    altered[offset] ^= 0x01;
    await putStoredObject(t, tampered.storageKey, altered);
    expect((await api(t, '/api/health/storage', { token: admin.token })).body).toMatchObject({ ok: true });
    const found = (await api(t, '/api/health/storage?hashes=true', { token: admin.token })).body;
    expect(found).toMatchObject({ ok: false, hashMismatches: [], missingOrWrongSize: [], missingKeys: [], keysNotShredded: [] });
    expect(found.integrityFailures).toEqual([
      expect.stringMatching(
        new RegExp(`^${tampered.id} ${tampered.storageKey}: The stored audio of ${tampered.id} failed its integrity check: chunk 1 `),
      ),
    ]);
    await putStoredObject(t, tampered.storageKey, stored);
    await clean();

    // A STORED encrypted row without its data key: unreadable, named without reading a byte.
    const key = await t.prisma.recordingKey.findUniqueOrThrow({ where: { recordingId: keyless.id } });
    await t.prisma.recordingKey.delete({ where: { recordingId: keyless.id } });
    expect((await api(t, '/api/health/storage?hashes=true', { token: admin.token })).body).toMatchObject({
      ok: false,
      missingKeys: [`${keyless.id} ${keyless.storageKey}`],
      integrityFailures: [],
    });
    // Its key under a KEK this process was not given: named too, with the KEK's id and nothing of any key.
    await t.prisma.recordingKey.create({ data: { ...key, kekId: 'retired' } });
    const unknown = await api(t, '/api/health/storage', { token: admin.token });
    expect(unknown.body).toMatchObject({
      ok: false,
      missingKeys: [],
      integrityFailures: [
        expect.stringMatching(new RegExp(`^${keyless.id} ${keyless.storageKey}: The key-encryption key "retired" is not in`)),
      ],
    });
    await t.prisma.recordingKey.update({ where: { recordingId: keyless.id }, data: { kekId: key.kekId } });
    await clean();

    // A DELETED row (its object gone) whose data key survived: crypto-shredding did not happen.
    await deleteStoredObject(t, deleted.storageKey);
    await t.prisma.recording.update({ where: { id: deleted.id }, data: { status: 'DELETED', deletedAt: new Date() } });
    expect((await api(t, '/api/health/storage', { token: admin.token })).body).toMatchObject({
      ok: false,
      notDeleted: [],
      keysNotShredded: [`${deleted.id} ${deleted.storageKey}`],
    });
    await t.prisma.recordingKey.delete({ where: { recordingId: deleted.id } });
    await clean();
  });
});
