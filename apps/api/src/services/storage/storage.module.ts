import { Global, Module } from '@nestjs/common';
import { LocalDiskStore } from './local-disk.store';
import { RecordingStore } from './recording-store';

/** Provides RecordingStore only: features never see which store is behind it. */
@Global()
@Module({
  providers: [{ provide: RecordingStore, useClass: LocalDiskStore }],
  exports: [RecordingStore],
})
export class StorageModule {}
