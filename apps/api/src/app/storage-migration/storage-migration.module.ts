import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MigrationLock } from './migration.lock';
import { StorageMigrationService } from './storage-migration.service';

/** storage:migrate (design 9.4): run from the CLI only; no routes, no jobs. */
@Module({
  imports: [AuditModule],
  providers: [MigrationLock, StorageMigrationService],
  exports: [StorageMigrationService],
})
export class StorageMigrationModule {}
