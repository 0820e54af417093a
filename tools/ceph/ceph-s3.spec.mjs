// node --test tools/ceph/ceph-s3.spec.mjs
// Starts (or reuses) the project's one-node Ceph and checks the S3 behaviour the recording store
// relies on, through the same SDK, against the real gateway.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ensureCephS3 } from './ceph-s3.mjs';

/** A catch handler that lets the named, expected S3 errors pass and rethrows any other. */
function unless(...expected) {
  return (error) => {
    if (!expected.includes(error.name)) throw error;
  };
}

describe('the one-node Ceph S3 gateway', () => {
  /** @type {S3Client} */
  let s3;
  const bucket = `ceph-s3-spec-${randomUUID()}`;
  const body = randomBytes(64 * 1024 + 7);

  before(async () => {
    const settings = await ensureCephS3();
    s3 = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      forcePathStyle: settings.forcePathStyle,
      // The gateway predates the SDK's default CRC checksums (streamed uploads get 411 otherwise).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  });

  after(async () => {
    if (!s3) return;
    // Only unlocked versions can go; the COMPLIANCE one stays until it expires (the cluster is
    // recreated on the next cold start anyway), so the bucket itself may stay too.
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    for (const v of [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])]) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: v.Key, VersionId: v.VersionId })).catch(unless('AccessDenied'));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(unless('BucketNotEmpty'));
    s3.destroy();
  });

  it('creates the bucket with Object Lock enabled', async () => {
    const lock = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    assert.equal(lock.ObjectLockConfiguration?.ObjectLockEnabled, 'Enabled');
  });

  it('puts, gets whole, gets byte ranges and deletes an object', async () => {
    const key = 'plain/recording.wav';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'audio/wav' }));

    const whole = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    assert.equal(whole.ContentType, 'audio/wav');
    assert.deepEqual(Buffer.from(await whole.Body.transformToByteArray()), body);

    const middle = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=1000-1999' }));
    assert.equal(middle.ContentRange, `bytes 1000-1999/${body.length}`);
    assert.deepEqual(Buffer.from(await middle.Body.transformToByteArray()), body.subarray(1000, 2000));

    const suffix = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=-100' }));
    assert.equal(suffix.ContentRange, `bytes ${body.length - 100}-${body.length - 1}/${body.length}`);
    assert.deepEqual(Buffer.from(await suffix.Body.transformToByteArray()), body.subarray(body.length - 100));

    // In a versioned bucket every version must go for the object to be gone.
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    assert.equal(versions.Versions?.length, 1);
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: versions.Versions.map((v) => ({ Key: key, VersionId: v.VersionId })) },
      }),
    );
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })), { name: 'NotFound' });
  });

  it('refuses to delete a COMPLIANCE-locked version, even with the governance bypass', async () => {
    const key = 'locked/recording.wav';
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: new Date(Date.now() + 24 * 3600_000),
      }),
    );
    assert.ok(put.VersionId, 'a locked object has a version id');

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: put.VersionId }));
    assert.equal(head.ObjectLockMode, 'COMPLIANCE');

    await assert.rejects(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: put.VersionId })), {
      name: 'AccessDenied',
    });
    await assert.rejects(
      s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: put.VersionId, BypassGovernanceRetention: true })),
      { name: 'AccessDenied' },
    );

    // The refused version is still there, byte for byte.
    const kept = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: put.VersionId }));
    assert.deepEqual(Buffer.from(await kept.Body.transformToByteArray()), body);
  });
});
