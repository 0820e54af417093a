import { Module } from '@nestjs/common';
import { RetentionModule } from './retention.module';
import { RetentionProcessor } from './retention.processor';

/** Scheduled sweeps: imported only where this process is a worker (APP_ROLE worker or all). */
@Module({
  imports: [RetentionModule],
  providers: [RetentionProcessor],
})
export class RetentionWorkerModule {}
