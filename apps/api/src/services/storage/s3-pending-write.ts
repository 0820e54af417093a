import {
  AbortMultipartUploadCommand,
  CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Writable } from 'node:stream';
import { ObjectLockPlan, PendingWrite } from './recording-store';
import { isS3NotFound, s3ErrorCode } from './s3-client.factory';
import { S3ObjectLocker } from './s3-object-lock';

/** Parts of 8 MiB: S3's minimum is 5 MiB (except the last); at most one part is held in memory. */
export const S3_PART_SIZE = 8 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = { wav: 'audio/wav', mp3: 'audio/mpeg' };

export interface S3PendingWriteOptions {
  client: S3Client;
  bucket: string;
  key: string;
  locker: S3ObjectLocker;
  partSize?: number;
}

/**
 * A recording upload that stays invisible until committed. lib-storage's Upload cannot be used:
 * it completes the multipart upload as soon as the stream ends, and the downloader must first
 * verify the audio and check its fencing claim. So: up to one part is buffered; an object that
 * fits in one part is a single PutObject at commit; a larger one becomes a multipart upload on
 * its first full part (each part uploaded before the writer may go on, which is the stream's
 * backpressure) and appears under its key only at CompleteMultipartUpload. Discarding aborts
 * this run's own upload and never touches what is stored under the key.
 */
export class S3PendingWrite implements PendingWrite {
  public readonly key: string;
  public readonly stream: Writable;
  private readonly partSize: number;
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private uploadId: string | undefined;
  private readonly parts: CompletedPart[] = [];
  /** The part upload in flight, so that discard waits for it before aborting. */
  private inFlight: Promise<unknown> = Promise.resolve();
  private settled = false;

  public constructor(private readonly options: S3PendingWriteOptions) {
    this.key = options.key;
    this.partSize = options.partSize ?? S3_PART_SIZE;
    this.stream = new Writable({
      // The chunks arrive as the download reads them; they are only copied into a part.
      highWaterMark: 256 * 1024,
      write: (chunk: Buffer, _encoding, callback) => {
        this.buffered.push(chunk);
        this.bufferedBytes += chunk.length;
        if (this.bufferedBytes < this.partSize) return callback();
        const upload = this.uploadPart(this.takeBuffer());
        this.inFlight = upload.catch(() => undefined);
        upload.then(() => callback(), callback);
      },
    });
  }

  public async commit(lock?: ObjectLockPlan): Promise<void> {
    this.assertOpen('commit');
    if (!this.stream.writableFinished) {
      throw new Error(`Cannot commit ${this.key} before its stream has finished`);
    }
    this.settled = true;
    const { client, bucket, key, locker } = this.options;
    if (this.uploadId === undefined) {
      const body = this.takeBuffer();
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentType: contentTypeOf(key),
          ...locker.putHeaders(lock),
        }),
      );
      return;
    }
    let versionId: string | undefined;
    try {
      if (this.bufferedBytes > 0) await this.uploadPart(this.takeBuffer());
      const completed = await client.send(
        new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: this.uploadId, MultipartUpload: { Parts: this.parts } }),
      );
      // Gateway bug (Ceph): the ETag of a completed upload comes back empty; the version id is what we need.
      versionId = completed.VersionId;
    } catch (error) {
      await this.abort().catch(() => undefined);
      throw error;
    }
    // A multipart upload's lock can only be set once the object exists: before commit resolves,
    // so a caller that goes on to mark the row STORED knows the version is locked.
    await locker.lockVersion(key, versionId, lock);
  }

  public async discard(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    this.buffered = [];
    this.bufferedBytes = 0;
    if (!this.stream.destroyed) this.stream.destroy();
    await this.inFlight;
    await this.abort();
  }

  private async uploadPart(body: Buffer): Promise<void> {
    const { client, bucket, key } = this.options;
    if (this.uploadId === undefined) {
      const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentTypeOf(key) }));
      if (!created.UploadId) throw new Error(`The bucket ${bucket} gave no upload id for ${key}`);
      this.uploadId = created.UploadId;
    }
    const partNumber = this.parts.length + 1;
    const uploaded = await client.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId: this.uploadId,
        PartNumber: partNumber,
        Body: body,
        ContentLength: body.length,
      }),
    );
    this.parts.push({ PartNumber: partNumber, ETag: uploaded.ETag });
  }

  private async abort(): Promise<void> {
    if (this.uploadId === undefined) return;
    const { client, bucket, key } = this.options;
    const uploadId = this.uploadId;
    this.uploadId = undefined;
    try {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      // Reconciliation may have aborted it already (removeStalePartials): gone is what we wanted.
      if (s3ErrorCode(error) !== 'NoSuchUpload' && !isS3NotFound(error)) throw error;
    }
  }

  private takeBuffer(): Buffer {
    const body = Buffer.concat(this.buffered, this.bufferedBytes);
    this.buffered = [];
    this.bufferedBytes = 0;
    return body;
  }

  private assertOpen(action: string): void {
    if (this.settled) throw new Error(`Cannot ${action} ${this.key}: this write was already committed or discarded`);
  }
}

function contentTypeOf(key: string): string {
  return CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}
