import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ObjectLockMode } from '../config/app-config';
import { describeS3Error, isS3AccessDenied, isS3NotFound, s3ErrorCode } from './s3-client.factory';
import { s3LockMode } from './s3-object-lock';
import { listVersions } from './s3-versions';

/** Internal objects of the store (never recordings, never listed): start-up lock probes and health probes. */
export const LOCK_PROBE_PREFIX = '.lock-probe/';
export const HEALTH_PROBE_PREFIX = '.health-probe/';
export const INTERNAL_PREFIXES = [LOCK_PROBE_PREFIX, HEALTH_PROBE_PREFIX] as const;

/** How long the start-up probe stays locked: long enough to try deleting it, short enough to clean it up soon. */
const PROBE_LOCK_MS = 3_000;
/** Probes older than this have long lost their lock: a later start removes them. */
const PROBE_CLEANUP_AFTER_MS = 60_000;

/** The store refuses to start: the bucket is not what S3_OBJECT_LOCK promises. */
export class ObjectLockUnprovenError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ObjectLockUnprovenError';
  }
}

/**
 * What every process does before it uses the bucket (design 9.4): creates it when missing,
 * with Object Lock unless S3_OBJECT_LOCK=off; then, with a lock mode set, checks the bucket has
 * Object Lock and PROVES it: several S3 servers accept lock headers and ignore them, so a probe
 * version is written locked for a few seconds and deleting that version must be refused.
 */
export async function prepareBucket(client: S3Client, bucket: string, mode: ObjectLockMode, logger: Logger): Promise<void> {
  await ensureBucket(client, bucket, mode, logger);
  if (mode === 'off') return;
  await checkLockEnabled(client, bucket, mode);
  const started = Date.now();
  const probeKey = await proveLock(client, bucket, mode);
  logger.log(
    `Bucket ${bucket}: Object Lock (${mode}) proven in ${Date.now() - started} ms: the locked probe version ${probeKey} refused deletion`,
  );
  await removeExpiredProbes(client, bucket, logger);
}

async function ensureBucket(client: S3Client, bucket: string, mode: ObjectLockMode, logger: Logger): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    if (!isS3NotFound(error)) {
      throw new Error(`Cannot reach the S3 bucket ${bucket}: ${describeS3Error(error)}`);
    }
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: mode !== 'off' }));
    logger.log(`Created the S3 bucket ${bucket}${mode !== 'off' ? ' with Object Lock enabled' : ''}`);
  } catch (error) {
    // Another process of ours created it meanwhile (several start at once).
    if (s3ErrorCode(error) !== 'BucketAlreadyOwnedByYou') {
      throw new Error(`Cannot create the S3 bucket ${bucket}: ${describeS3Error(error)}`);
    }
  }
}

async function checkLockEnabled(client: S3Client, bucket: string, mode: ObjectLockMode): Promise<void> {
  const refuse = (why: string) =>
    new ObjectLockUnprovenError(
      `S3_OBJECT_LOCK=${mode} but bucket ${bucket} has no Object Lock: ${why}. Object Lock can only be enabled when a bucket ` +
        'is created: use a new bucket (the API creates a missing one with Object Lock), or set S3_OBJECT_LOCK=off',
    );
  let enabled: string | undefined;
  try {
    const answer = await client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    enabled = answer.ObjectLockConfiguration?.ObjectLockEnabled;
  } catch (error) {
    throw refuse(describeS3Error(error));
  }
  if (enabled !== 'Enabled') throw refuse(`its Object Lock configuration says ${enabled ?? 'nothing'}`);
}

async function proveLock(client: S3Client, bucket: string, mode: Exclude<ObjectLockMode, 'off'>): Promise<string> {
  const key = `${LOCK_PROBE_PREFIX}${new Date().toISOString()}-${randomBytes(4).toString('hex')}`;
  const put = await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: Buffer.from('Object Lock probe: this version must not be deletable for a few seconds\n'),
      ChecksumAlgorithm: 'CRC32',
      ObjectLockMode: s3LockMode(mode),
      ObjectLockRetainUntilDate: new Date(Date.now() + PROBE_LOCK_MS),
    }),
  );
  if (!put.VersionId || put.VersionId === 'null') {
    throw new ObjectLockUnprovenError(
      `S3_OBJECT_LOCK=${mode} but bucket ${bucket} did not version the probe ${key}: Object Lock needs versioning`,
    );
  }
  try {
    // Without x-amz-bypass-governance-retention: GOVERNANCE must refuse this as COMPLIANCE does.
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: put.VersionId }));
  } catch (error) {
    if (isS3AccessDenied(error)) return key;
    throw new Error(`The Object Lock probe ${key} in bucket ${bucket} failed: ${describeS3Error(error)}`);
  }
  throw new ObjectLockUnprovenError(
    `S3_OBJECT_LOCK=${mode}: bucket ${bucket} accepted Object Lock headers but let a locked version (${key}) be deleted; ` +
      'this S3 server does not enforce Object Lock, so recordings and evidence would not be protected',
  );
}

/** Best effort: probes whose lock has long expired, left by earlier starts (and health probes a crash left). */
async function removeExpiredProbes(client: S3Client, bucket: string, logger: Logger): Promise<void> {
  const cutoff = Date.now() - PROBE_CLEANUP_AFTER_MS;
  let removed = 0;
  try {
    for (const prefix of INTERNAL_PREFIXES) {
      for await (const version of listVersions(client, bucket, prefix)) {
        if (!version.lastModified || version.lastModified.getTime() > cutoff) continue;
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: version.key, VersionId: version.versionId })).then(
          () => (removed += 1),
          () => undefined,
        );
      }
    }
  } catch (error) {
    logger.warn(`Could not clean up old probe objects in bucket ${bucket}: ${describeS3Error(error)}`);
  }
  if (removed > 0) logger.log(`Removed ${removed} expired probe object version(s) from bucket ${bucket}`);
}
