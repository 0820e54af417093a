import { randomBytes } from 'node:crypto';
import { ownDatabase } from '../../../test/download-fixtures';
import { seedStoredRecordings } from '../../../test/recording-fixtures';
import { deleteStoredObject, orphanLabel, ownBucket, putStoredObject, tierStoresOnLocalDisk } from '../../../test/stored-objects';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
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
    t = await startTestApp({ APP_ROLE: 'api', DATABASE_URL: await ownDatabase('storage_check'), ...ownBucket('check') });
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
});
