import { CreateBucketCommand, DeleteObjectCommand, GetObjectRetentionCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { runApiProcessUntilExit } from '../../../test/api-process';
import { rawS3Client, removeTestBucket, startS3Store } from '../../../test/s3-buckets';
import { testBucketName, testConfig, testS3Settings } from '../../../test/test-config';
import { AppConfig } from '../config/app-config';
import { ObjectLockedError, ObjectLockPlan, recordingKey } from './recording-store';
import { describeRecordingStoreContract } from './recording-store.contract';
import { S3RecordingStore } from './s3.store';
import { LOCK_PROBE_PREFIX } from './s3-object-lock.probe';
import { listVersions, versionsOf } from './s3-versions';

describeRecordingStoreContract('S3RecordingStore on Ceph, S3_OBJECT_LOCK=compliance', async () => {
  const { store, config } = await startS3Store({ S3_OBJECT_LOCK: 'compliance' });
  return {
    store,
    dispose: async () => {
      store.onModuleDestroy();
      await removeTestBucket(config);
    },
  };
});

describeRecordingStoreContract('S3RecordingStore on Ceph, S3_OBJECT_LOCK=off', async () => {
  const { store, config } = await startS3Store({ S3_OBJECT_LOCK: 'off' });
  return {
    store,
    dispose: async () => {
      store.onModuleDestroy();
      await removeTestBucket(config);
    },
  };
});

const HOUR_MS = 60 * 60_000;

function newKey(): string {
  return recordingKey(`RE${randomBytes(16).toString('hex')}`, 'wav', new Date());
}

describe('S3RecordingStore under Object Lock (compliance) on Ceph', () => {
  let store: S3RecordingStore;
  let config: AppConfig;
  let s3: S3Client;
  let bucket: string;

  beforeAll(async () => {
    ({ store, config } = await startS3Store({ S3_OBJECT_LOCK: 'compliance' }));
    s3 = rawS3Client(config);
    bucket = config.s3?.bucket ?? '';
  });

  afterAll(async () => {
    s3?.destroy();
    store?.onModuleDestroy();
    if (config) await removeTestBucket(config);
  });

  async function put(key: string, size: number, lock: ObjectLockPlan): Promise<Buffer> {
    const bytes = randomBytes(size);
    const pending = await store.beginWrite(key);
    await pipeline(Readable.from([bytes]), pending.stream as Writable);
    await pending.commit(lock);
    return bytes;
  }

  async function versionIds(key: string): Promise<string[]> {
    return (await versionsOf(s3, bucket, key)).map((version) => version.versionId ?? '');
  }

  async function retainUntil(key: string): Promise<Date | undefined> {
    return (await s3.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: key }))).Retention?.RetainUntilDate;
  }

  it('refuses to delete a version retained into the future, through the SDK and through the store', async () => {
    const until = new Date(Date.now() + HOUR_MS);
    // One object that is a single PutObject, one that is a multipart upload locked after completion.
    for (const size of [1000, 9 * 1024 * 1024]) {
      const key = newKey();
      await put(key, size, { retainUntil: until, legalHold: false });
      const [versionId] = await versionIds(key);
      await expect(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).rejects.toMatchObject({
        name: 'AccessDenied',
      });
      await expect(
        s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId, BypassGovernanceRetention: true })),
      ).rejects.toMatchObject({ name: 'AccessDenied' });
      const refused = await store.delete(key).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ObjectLockedError);
      // S3 keeps retain-until dates to the second (some servers to the millisecond).
      expect(Math.abs(((refused as ObjectLockedError).until?.getTime() ?? 0) - until.getTime())).toBeLessThan(1000);
      expect(await versionIds(key)).toEqual([versionId]);
      expect((await store.stat(key))?.sizeBytes).toBe(size);
    }
  });

  it('refuses deletion under a legal hold, and deletes every version once it is released', async () => {
    const key = newKey();
    await put(key, 500, { retainUntil: null, legalHold: true });
    const [versionId] = await versionIds(key);
    await expect(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(store.delete(key)).rejects.toBeInstanceOf(ObjectLockedError);

    await store.setLegalHold(key, false);
    // A delete marker from someone else's plain DELETE: also gone afterwards.
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    expect(await versionIds(key)).toHaveLength(2);
    expect(await store.delete(key)).toBe(true);
    expect(await versionIds(key)).toEqual([]);
  });

  it('deletes every version once the retention has passed', async () => {
    const key = newKey();
    const until = new Date(Date.now() + 3000);
    await put(key, 9 * 1024 * 1024, { retainUntil: until, legalHold: false });
    await expect(store.delete(key)).rejects.toBeInstanceOf(ObjectLockedError);
    expect(await versionIds(key)).toHaveLength(1);

    // The bucket's clock decides (to the second): ask again until it lets go.
    let deleted: boolean | undefined;
    for (let attempt = 0; attempt < 600 && deleted === undefined; attempt += 1) {
      deleted = await store.delete(key).catch((error: unknown) => {
        if (!(error instanceof ObjectLockedError)) throw error;
        return new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50));
      });
    }
    expect(deleted).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(until.getTime() - 1000);
    expect(await versionIds(key)).toEqual([]);
  });

  it('extends a retention, and never shortens it', async () => {
    const key = newKey();
    const until = new Date(Date.now() + HOUR_MS);
    await put(key, 100, { retainUntil: until, legalHold: false });
    const set = await retainUntil(key);

    await store.extendRetention(key, new Date(Date.now() + HOUR_MS / 2));
    expect(await retainUntil(key)).toEqual(set);

    const later = new Date(Date.now() + 2 * HOUR_MS);
    await store.extendRetention(key, later);
    expect(Math.abs(((await retainUntil(key))?.getTime() ?? 0) - later.getTime())).toBeLessThan(1000);
  });

  it('keeps evidence: a locked version cannot be deleted, and neither a later PUT nor a delete marker changes what is read', async () => {
    const key = 'audit-checkpoints/000000000042.json';
    expect(await store.putEvidence(key, Buffer.from('{"seq":42}'))).toBe(true);
    const [versionId] = await versionIds(key);
    await expect(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from('{"seq":42,"rewritten":true}') }));
    expect((await store.getEvidence(key))?.toString()).toBe('{"seq":42}');
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    expect((await store.getEvidence(key))?.toString()).toBe('{"seq":42}');
    const listed: string[] = [];
    for await (const listedKey of store.listEvidence('audit-checkpoints/')) listed.push(listedKey);
    expect(listed).toEqual([key]);
    await expect(store.putEvidence(key, Buffer.from('{"seq":43}'))).rejects.toThrow(/never overwritten/);
  });

  it('leaves its start-up probe locked and out of the recordings list; a second start reuses the bucket', async () => {
    const probes = [];
    for await (const version of listVersions(s3, bucket, LOCK_PROBE_PREFIX)) probes.push(version);
    expect(probes.length).toBeGreaterThanOrEqual(1);
    const again = new S3RecordingStore(config);
    await again.onModuleInit();
    again.onModuleDestroy();
    const listed: string[] = [];
    for await (const key of store.list()) listed.push(key);
    expect(listed.filter((key) => key.startsWith('.'))).toEqual([]);
  });
});

describe('S3RecordingStore start-up on Ceph', () => {
  const made: AppConfig[] = [];

  afterAll(async () => {
    for (const config of made) await removeTestBucket(config);
  });

  async function bucketWithoutLock(lock: string): Promise<AppConfig> {
    const config = testConfig({ ...testS3Settings(testBucketName()), S3_OBJECT_LOCK: lock });
    made.push(config);
    const client = rawS3Client(config);
    await client.send(new CreateBucketCommand({ Bucket: config.s3?.bucket }));
    client.destroy();
    return config;
  }

  it.each(['compliance', 'governance'])('refuses a bucket created without Object Lock when S3_OBJECT_LOCK=%s', async (lock) => {
    const config = await bucketWithoutLock(lock);
    const store = new S3RecordingStore(config);
    await expect(store.onModuleInit()).rejects.toThrow(`S3_OBJECT_LOCK=${lock} but bucket ${config.s3?.bucket} has no Object Lock`);
    store.onModuleDestroy();
  });

  it('proves governance mode too: the probe version cannot be deleted without a bypass', async () => {
    const { store, config } = await startS3Store({ S3_OBJECT_LOCK: 'governance' });
    made.push(config);
    store.onModuleDestroy();
  });

  it('keeps the API process from starting against a bucket without Object Lock, naming the bucket', async () => {
    const config = await bucketWithoutLock('compliance');
    const outcome = await runApiProcessUntilExit(config, {});
    expect(outcome.started).toBe(false);
    expect(outcome.exitCode).not.toBe(0);
    expect(outcome.output).toContain(`S3_OBJECT_LOCK=compliance but bucket ${config.s3?.bucket} has no Object Lock`);
    expect(outcome.output).not.toContain(config.s3?.secretAccessKey ?? '(no secret)');
  });
});
