import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppConfig, S3Settings } from '../config/app-config';
import {
  assertRecordingKey,
  ByteRange,
  EvidencePrefix,
  isEvidenceKey,
  ObjectLockedError,
  PendingWrite,
  PresignOptions,
  RecordingStore,
  StorageBackend,
  StoredObjectStat,
} from './recording-store';
import { createS3Client, describeS3Error, isS3AccessDenied, isS3NotFound, versionParam } from './s3-client.factory';
import { S3EvidenceArea } from './s3-evidence';
import { S3ObjectLocker } from './s3-object-lock';
import { HEALTH_PROBE_PREFIX, INTERNAL_PREFIXES, prepareBucket } from './s3-object-lock.probe';
import { S3PendingWrite } from './s3-pending-write';
import { listKeys, versionsOf } from './s3-versions';

/**
 * Recordings and evidence in an S3 bucket (design 9.4): AWS, Ceph's RADOS Gateway or any S3
 * server, through the AWS SDK. With S3_OBJECT_LOCK on, the bucket has Object Lock (proven at
 * start-up), recordings are written with the retention and legal hold their plan says, deletion
 * removes every version (a delete marker alone hides an object, it does not delete it) and is
 * refused by the bucket while a lock holds, and evidence is written locked.
 */
@Injectable()
export class S3RecordingStore extends RecordingStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(S3RecordingStore.name);
  public readonly backend = StorageBackend.S3;
  private readonly settings: S3Settings;
  private readonly client: S3Client;
  private readonly locker: S3ObjectLocker;
  private readonly evidence: S3EvidenceArea;

  public constructor(config: AppConfig) {
    super();
    if (!config.s3) throw new Error('The S3 store needs S3_BUCKET and its settings');
    this.settings = config.s3;
    this.client = createS3Client(config.s3);
    this.locker = new S3ObjectLocker(this.client, this.bucket, config.s3.objectLock);
    this.evidence = new S3EvidenceArea(this.client, this.bucket, config.s3.objectLock, config.s3.evidenceRetainDays);
  }

  public get bucket(): string {
    return this.settings.bucket;
  }

  /**
   * Every process role (API, worker, CLI) builds this store through StorageModule, so each one
   * checks the bucket before it serves anything, and refuses to start when the lock is not real.
   */
  public async onModuleInit(): Promise<void> {
    await prepareBucket(this.client, this.bucket, this.settings.objectLock, this.logger);
  }

  public onModuleDestroy(): void {
    this.client.destroy();
  }

  public async beginWrite(key: string): Promise<PendingWrite> {
    assertRecordingKey(key);
    return new S3PendingWrite({ client: this.client, bucket: this.bucket, key, locker: this.locker });
  }

  public async read(key: string, range?: ByteRange): Promise<Readable> {
    assertRecordingKey(key);
    const answer = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
    );
    if (!(answer.Body instanceof Readable)) throw new Error(`The bucket ${this.bucket} sent no body for ${key}`);
    return answer.Body;
  }

  public async stat(key: string): Promise<StoredObjectStat | null> {
    assertRecordingKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { sizeBytes: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isS3NotFound(error)) return null;
      throw error;
    }
  }

  /**
   * Deletes every version and delete marker of the key, newest first. A locked version (retention
   * or legal hold) makes the bucket answer AccessDenied: that is reported as ObjectLockedError
   * with the date when it is known, and the versions already gone stay gone (the next sweep
   * retries the rest).
   */
  public async delete(key: string): Promise<boolean> {
    assertRecordingKey(key);
    const versions = await versionsOf(this.client, this.bucket, key);
    for (const version of versions) {
      try {
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key, ...versionParam(version.versionId) }));
      } catch (error) {
        if (!isS3AccessDenied(error) || this.settings.objectLock === 'off') throw error;
        const retention = await this.locker.retentionOf(key, version.versionId).catch(() => null);
        const until = retention && retention.until.getTime() > Date.now() ? retention.until : undefined;
        throw new ObjectLockedError(key, until);
      }
    }
    return versions.some((version) => !version.deleteMarker);
  }

  public async presignRead(key: string, options: PresignOptions): Promise<string | null> {
    assertRecordingKey(key);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: options.contentType,
      ...(options.attachmentName ? { ResponseContentDisposition: contentDisposition(options.attachmentName) } : {}),
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
  }

  public async extendRetention(key: string, until: Date): Promise<void> {
    assertRecordingKey(key);
    await this.locker.extendRetention(key, until);
  }

  public async setLegalHold(key: string, on: boolean): Promise<void> {
    assertRecordingKey(key);
    await this.locker.setLegalHold(key, on);
  }

  public async *list(): AsyncIterable<string> {
    for await (const key of listKeys(this.client, this.bucket)) {
      if (isEvidenceKey(key) || INTERNAL_PREFIXES.some((prefix) => key.startsWith(prefix))) continue;
      yield key;
    }
  }

  /** Partial writes are multipart uploads never completed nor aborted (a worker killed mid-download). */
  public async removeStalePartials(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({ Bucket: this.bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
      );
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !upload.Initiated || upload.Initiated.getTime() >= cutoff) continue;
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }));
        removed += 1;
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
    if (removed > 0) this.logger.log(`Aborted ${removed} abandoned multipart upload(s) in bucket ${this.bucket}`);
    return removed;
  }

  /**
   * Writes and removes a small unlocked object. Under Object Lock without a default retention an
   * object written without retention can be deleted by its version; should an operator have
   * set a default retention, the probe stays until a later start removes it, and the bucket
   * still took the write.
   */
  public async isWritable(): Promise<boolean> {
    const key = `${HEALTH_PROBE_PREFIX}${new Date().toISOString()}-${randomBytes(4).toString('hex')}`;
    let versionId: string | undefined;
    try {
      versionId = (await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: Buffer.from('ok') }))).VersionId;
    } catch (error) {
      this.logger.warn(`The bucket ${this.bucket} refused a write: ${describeS3Error(error)}`);
      return false;
    }
    await this.client
      .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key, ...versionParam(versionId) }))
      .catch((error: unknown) =>
        this.logger.warn(`Could not remove the health probe ${key} from bucket ${this.bucket}: ${describeS3Error(error)}`),
      );
    return true;
  }

  public putEvidence(key: string, bytes: Buffer): Promise<boolean> {
    return this.evidence.put(key, bytes);
  }

  public getEvidence(key: string): Promise<Buffer | null> {
    return this.evidence.get(key);
  }

  public listEvidence(prefix: EvidencePrefix): AsyncIterable<string> {
    return this.evidence.list(prefix);
  }
}

/** `attachment` with an ASCII fallback and the exact name in RFC 5987 form. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
