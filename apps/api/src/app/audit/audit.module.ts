import { DynamicModule, Module } from '@nestjs/common';
import { AccessDeniedDigestProcessor } from './access-denied-digest.processor';
import { AuditCheckpointArchive } from './audit-checkpoint-archive.service';
import { AuditCheckpointProcessor } from './audit-checkpoint.processor';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditLogService } from './audit-log.service';
import { AuditVerifyService } from './audit-verify.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { MediaDenialsService } from './media-denials.service';

@Module({})
export class AuditModule {
  /** Scheduled checkpoints run only where this process is a worker. */
  public static register({ worker }: { worker: boolean }): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      controllers: [AuditController],
      providers: [
        AuditCheckpointArchive,
        AuditCheckpointService,
        AuditLogService,
        AuditService,
        AuditVerifyService,
        MediaDenialsService,
        ...(worker ? [AccessDeniedDigestProcessor, AuditCheckpointProcessor] : []),
      ],
      exports: [AuditService, MediaDenialsService],
    };
  }
}
