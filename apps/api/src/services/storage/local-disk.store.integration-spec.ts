import { rm } from 'node:fs/promises';
import { testConfig } from '../../../test/test-config';
import { LocalDiskStore } from './local-disk.store';
import { describeRecordingStoreContract } from './recording-store.contract';

describeRecordingStoreContract('LocalDiskStore', async () => {
  const config = testConfig();
  return {
    store: new LocalDiskStore(config),
    dispose: () => rm(config.recordingsDir, { recursive: true, force: true }),
  };
});
