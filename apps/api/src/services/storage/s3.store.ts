import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/app-config';
import { EvidencePrefix, PendingWrite, PresignOptions, RecordingStore, StorageBackend, StoredObjectStat } from './recording-store';

/** Placeholder: the S3 store (design 9.4) is being written. */
@Injectable()
export class S3RecordingStore extends RecordingStore {
  public readonly backend = StorageBackend.S3;

  public constructor(private readonly config: AppConfig) {
    super();
  }

  private notYet(): never {
    throw new Error(`The S3 store is not built yet (bucket ${this.config.s3?.bucket})`);
  }

  public async beginWrite(_key: string): Promise<PendingWrite> {
    return this.notYet();
  }
  public async read(_key: string): Promise<Readable> {
    return this.notYet();
  }
  public async stat(_key: string): Promise<StoredObjectStat | null> {
    return this.notYet();
  }
  public async delete(_key: string): Promise<boolean> {
    return this.notYet();
  }
  public async presignRead(_key: string, _options: PresignOptions): Promise<string | null> {
    return this.notYet();
  }
  public async extendRetention(_key: string, _until: Date): Promise<void> {
    return this.notYet();
  }
  public async setLegalHold(_key: string, _on: boolean): Promise<void> {
    return this.notYet();
  }
  public async *list(): AsyncIterable<string> {
    yield this.notYet();
  }
  public async removeStalePartials(_olderThanMs: number): Promise<number> {
    return this.notYet();
  }
  public async isWritable(): Promise<boolean> {
    return this.notYet();
  }
  public async putEvidence(_key: string, _bytes: Buffer): Promise<boolean> {
    return this.notYet();
  }
  public async getEvidence(_key: string): Promise<Buffer | null> {
    return this.notYet();
  }
  public async *listEvidence(_prefix: EvidencePrefix): AsyncIterable<string> {
    yield this.notYet();
  }
}
