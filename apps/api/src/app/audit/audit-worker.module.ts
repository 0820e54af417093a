import { Module } from '@nestjs/common';
import { AccessDeniedDigestProcessor } from './access-denied-digest.processor';
import { AuditCheckpointProcessor } from './audit-checkpoint.processor';
import { AuditModule } from './audit.module';

/** Denial digests and scheduled checkpoints: imported only where this process is a worker (APP_ROLE worker or all). */
@Module({
  imports: [AuditModule],
  providers: [AccessDeniedDigestProcessor, AuditCheckpointProcessor],
})
export class AuditWorkerModule {}
