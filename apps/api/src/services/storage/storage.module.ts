import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { LocalDiskStore } from './local-disk.store';
import { RecordingStores } from './recording-stores';
import { S3RecordingStore } from './s3.store';

/**
 * Provides RecordingStores only: features ask it for the store a row names and never see which
 * implementation is behind it. The S3 store exists only when a bucket is configured.
 */
@Global()
@Module({
  providers: [
    LocalDiskStore,
    {
      provide: S3RecordingStore,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => (config.s3 ? new S3RecordingStore(config) : null),
    },
    RecordingStores,
  ],
  exports: [RecordingStores],
})
export class StorageModule {}
