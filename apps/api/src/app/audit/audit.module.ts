import { Global, Module } from '@nestjs/common';
import { AuditCheckpointArchive } from './audit-checkpoint.archive';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditLogReader } from './audit-log.reader';
import { AuditVerifyService } from './audit-verify.service';
import { AuditController } from './audit.controller';
import { AuditWriter } from './audit.writer';
import { MediaDenialsService } from './media-denials.service';

/**
 * Global, like logging: auth (sign-ins, denials) and six other features write audit events, as
 * every change of state is audited, so an import in each would say nothing; audit itself imports
 * no feature. Its jobs (checkpoints, ACCESS_DENIED digests) run in MaintenanceProcessor, in workers;
 * evidence exports verify the chain and checkpoint their own event with it.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditCheckpointArchive, AuditCheckpointService, AuditLogReader, AuditWriter, AuditVerifyService, MediaDenialsService],
  exports: [AuditCheckpointService, AuditVerifyService, AuditWriter, MediaDenialsService],
})
export class AuditModule {}
