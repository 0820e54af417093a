import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig, ObjectLockMode } from '../config/app-config';
import { LocalDiskStore } from './local-disk.store';
import { RecordingStore, StorageBackend } from './recording-store';
import { S3RecordingStore } from './s3.store';

/**
 * The stores this process can reach, and which one a recording is in. New recordings go to
 * `primary` (STORAGE_DRIVER); a stored row names its own store (`Recording.storageBackend`),
 * so rows stored before a switch, or not yet moved by storage:migrate, are still read, checked
 * and deleted where they are.
 */
@Injectable()
export class RecordingStores {
  public readonly primary: RecordingStore;

  public constructor(
    config: AppConfig,
    private readonly local: LocalDiskStore,
    // The token is explicit: a union type's decorator metadata is Object, which Nest cannot resolve
    // (and @Optional would then quietly inject nothing).
    @Optional() @Inject(S3RecordingStore) private readonly s3: S3RecordingStore | null,
  ) {
    this.primary = config.storageDriver === 's3' ? this.of(StorageBackend.S3) : local;
    this.lockMode = config.s3?.objectLock ?? 'off';
  }

  /** Object Lock on the bucket: `off` with local disk. */
  public readonly lockMode: ObjectLockMode;

  /** The store that holds a row's object; a row stored before this build says LOCAL (or nothing). */
  public of(backend: StorageBackend | null): RecordingStore {
    if (backend !== StorageBackend.S3) return this.local;
    if (!this.s3) {
      throw new Error('This recording is in the S3 bucket, but no bucket is configured (S3_BUCKET and its settings)');
    }
    return this.s3;
  }

  /** Every store this process can reach: the consistency check and reconciliation visit each. */
  public all(): RecordingStore[] {
    return this.s3 ? [this.local, this.s3] : [this.local];
  }
}
