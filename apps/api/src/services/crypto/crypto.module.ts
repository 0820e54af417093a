import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { KeyEncryption } from './key-encryption';
import { LocalKeyring } from './local-keyring';
import { RecordingVault } from './recording-vault';

/**
 * Encryption at rest (design 9.5). KeyEncryption is the seam for a KMS: today the keyring of
 * ENCRYPTION_KEYS; a provider for AWS KMS or Vault transit would replace this factory only.
 */
@Global()
@Module({
  providers: [
    { provide: KeyEncryption, inject: [AppConfig], useFactory: (config: AppConfig) => new LocalKeyring(config.encryptionKeys) },
    RecordingVault,
  ],
  exports: [KeyEncryption, RecordingVault],
})
export class CryptoModule {}
