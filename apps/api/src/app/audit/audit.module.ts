import { Global, Module } from '@nestjs/common';
import { AuditCheckpointArchive } from './audit-checkpoint-archive.service';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditLogService } from './audit-log.service';
import { AuditVerifyService } from './audit-verify.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { MediaDenialsService } from './media-denials.service';

/**
 * Global, like logging: auth (sign-ins, denials) and six other features write audit events, as
 * every change of state is audited, so an import in each would say nothing; audit itself imports
 * no feature. Its jobs (checkpoints, ACCESS_DENIED digests) run in MaintenanceProcessor, in workers.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditCheckpointArchive, AuditCheckpointService, AuditLogService, AuditService, AuditVerifyService, MediaDenialsService],
  exports: [AuditCheckpointService, AuditService, MediaDenialsService],
})
export class AuditModule {}
