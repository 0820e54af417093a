import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { KeyRotationLock, StorageEncryptionLock } from './command-locks';
import { KeyRotationService } from './key-rotation.service';
import { PlaintextCleanup } from './plaintext-cleanup';
import { StorageEncryptionService } from './storage-encryption.service';

/** keys:rotate and storage:encrypt (design 9.5): run from the CLI only; no routes, no jobs. */
@Module({
  imports: [AuditModule],
  providers: [KeyRotationLock, StorageEncryptionLock, KeyRotationService, PlaintextCleanup, StorageEncryptionService],
  exports: [KeyRotationService, StorageEncryptionService],
})
export class EncryptionModule {}
