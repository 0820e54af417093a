import { Global, Module } from '@nestjs/common';
import { LocalDiskStore } from './local-disk.store';
import { RecordingStore } from './recording-store';

@Global()
@Module({
  providers: [LocalDiskStore, { provide: RecordingStore, useExisting: LocalDiskStore }],
  exports: [RecordingStore, LocalDiskStore],
})
export class StorageModule {}
