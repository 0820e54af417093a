import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { rawS3Client, removeTestBucket } from '../../../test/s3-buckets';
import { startTestApp, TestApp } from '../../../test/test-app';
import { StorageBackend } from './recording-store';
import { RecordingStores } from './recording-stores';
import { LOCK_PROBE_PREFIX } from './s3-object-lock.probe';
import { listVersions } from './s3-versions';

describe('StorageModule with STORAGE_DRIVER=s3 (Ceph)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp?.close();
    if (testApp) await removeTestBucket(testApp.config);
  });

  it('writes new recordings to the bucket, which the app created and proved locked at start-up', async () => {
    const stores = testApp.app.get(RecordingStores);
    expect(testApp.config.storageDriver).toBe('s3');
    expect(stores.primary.backend).toBe(StorageBackend.S3);
    expect(stores.of(StorageBackend.S3)).toBe(stores.primary);
    expect(stores.of(StorageBackend.LOCAL).backend).toBe(StorageBackend.LOCAL);
    expect(stores.all().map((store) => store.backend)).toEqual([StorageBackend.LOCAL, StorageBackend.S3]);

    const bucket = testApp.config.s3?.bucket ?? '';
    const s3 = rawS3Client(testApp.config);
    try {
      await s3.send(new HeadBucketCommand({ Bucket: bucket }));
      const probes = [];
      for await (const version of listVersions(s3, bucket, LOCK_PROBE_PREFIX)) probes.push(version);
      expect(probes).toHaveLength(testApp.config.s3?.objectLock === 'off' ? 0 : 1);
    } finally {
      s3.destroy();
    }
  });
});
