import { DeleteBucketCommand, DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AppConfig } from '../src/services/config/app-config';
import { createS3Client } from '../src/services/storage/s3-client.factory';
import { S3RecordingStore } from '../src/services/storage/s3.store';
import { listVersions } from '../src/services/storage/s3-versions';
import { testConfig, testS3Settings } from './test-config';

/** An S3 store on a bucket of its own, started (bucket created, lock proven) as the app would. */
export async function startS3Store(overrides: Record<string, string> = {}): Promise<{ store: S3RecordingStore; config: AppConfig }> {
  const config = testConfig({ ...testS3Settings(), ...overrides });
  const store = new S3RecordingStore(config);
  await store.onModuleInit();
  return { store, config };
}

/** A client of our own on the same S3 server: what anyone holding the keys could do, outside the product. */
export function rawS3Client(config: AppConfig): S3Client {
  if (!config.s3) throw new Error('No S3 settings in this config');
  return createS3Client(config.s3);
}

/**
 * Best effort after a suite: removes every version it can and then the bucket; versions still
 * locked (and so the bucket) stay until the lock ends, small and in the test cluster only.
 */
export async function removeTestBucket(config: AppConfig): Promise<void> {
  const client = rawS3Client(config);
  const bucket = config.s3?.bucket ?? '';
  try {
    for await (const version of listVersions(client, bucket, '')) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: version.key, VersionId: version.versionId })).catch(() => undefined);
    }
    await client.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
  } finally {
    client.destroy();
  }
}
