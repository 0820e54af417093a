import {
  GetObjectRetentionCommand,
  ObjectLockRetentionMode,
  PutObjectCommandInput,
  PutObjectLegalHoldCommand,
  PutObjectRetentionCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ObjectLockMode } from '../config/app-config';
import { ObjectLockPlan } from './recording-store';
import { isS3NotFound, s3ErrorCode, versionParam } from './s3-client.factory';

/** What S3 calls the configured mode. */
export function s3LockMode(mode: Exclude<ObjectLockMode, 'off'>): ObjectLockRetentionMode {
  return mode === 'compliance' ? 'COMPLIANCE' : 'GOVERNANCE';
}

/**
 * Object Lock on one bucket's object versions, as S3_OBJECT_LOCK says: every call is a no-op
 * when it is `off`, so the store can call these unconditionally.
 */
export class S3ObjectLocker {
  public constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    public readonly mode: ObjectLockMode,
  ) {}

  /**
   * PutObject headers that lock the new version as `plan` says. A checksum goes with them:
   * AWS refuses an upload with a retention period that carries none.
   */
  public putHeaders(plan: ObjectLockPlan | undefined): Partial<PutObjectCommandInput> {
    if (this.mode === 'off' || !plan || (!plan.retainUntil && !plan.legalHold)) return {};
    return {
      ChecksumAlgorithm: 'CRC32',
      ...(plan.retainUntil ? { ObjectLockMode: s3LockMode(this.mode), ObjectLockRetainUntilDate: plan.retainUntil } : {}),
      ...(plan.legalHold ? { ObjectLockLegalHoldStatus: 'ON' as const } : {}),
    };
  }

  /** Locks a version that already exists (a completed multipart upload) as `plan` says. */
  public async lockVersion(key: string, versionId: string | undefined, plan: ObjectLockPlan | undefined): Promise<void> {
    if (this.mode === 'off' || !plan) return;
    if (plan.retainUntil) {
      await this.client.send(
        new PutObjectRetentionCommand({
          Bucket: this.bucket,
          Key: key,
          ...versionParam(versionId),
          Retention: { Mode: s3LockMode(this.mode), RetainUntilDate: plan.retainUntil },
        }),
      );
    }
    if (plan.legalHold) {
      await this.client.send(
        new PutObjectLegalHoldCommand({ Bucket: this.bucket, Key: key, ...versionParam(versionId), LegalHold: { Status: 'ON' } }),
      );
    }
  }

  /** The version's retention (its mode and date), or null when it has none. */
  public async retentionOf(key: string, versionId?: string): Promise<{ mode: ObjectLockRetentionMode | undefined; until: Date } | null> {
    try {
      const answer = await this.client.send(new GetObjectRetentionCommand({ Bucket: this.bucket, Key: key, ...versionParam(versionId) }));
      const until = answer.Retention?.RetainUntilDate;
      return until ? { mode: answer.Retention?.Mode, until: new Date(until) } : null;
    } catch (error) {
      if (isS3NotFound(error) || s3ErrorCode(error) === 'NoSuchObjectLockConfiguration') return null;
      throw error;
    }
  }

  /**
   * Moves the retain-until date of the current version later, never earlier: a date that is not
   * later than the one set is ignored (COMPLIANCE would refuse it anyway; GOVERNANCE would take
   * it only with a bypass we never send). A version already in COMPLIANCE stays so.
   */
  public async extendRetention(key: string, until: Date): Promise<void> {
    if (this.mode === 'off') return;
    const current = await this.retentionOf(key);
    if (current && current.until.getTime() >= until.getTime()) return;
    await this.client.send(
      new PutObjectRetentionCommand({
        Bucket: this.bucket,
        Key: key,
        Retention: { Mode: current?.mode ?? s3LockMode(this.mode), RetainUntilDate: until },
      }),
    );
  }

  public async setLegalHold(key: string, on: boolean): Promise<void> {
    if (this.mode === 'off') return;
    await this.client.send(new PutObjectLegalHoldCommand({ Bucket: this.bucket, Key: key, LegalHold: { Status: on ? 'ON' : 'OFF' } }));
  }
}
