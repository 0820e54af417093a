import { Module } from '@nestjs/common';
import { RetentionController } from './retention.controller';
import { RetentionPoliciesService } from './retention-policies.service';
import { RetentionSweepService } from './retention-sweep.service';

/** Sweeps run in MaintenanceProcessor, in workers. */
@Module({
  controllers: [RetentionController],
  providers: [RetentionPoliciesService, RetentionSweepService],
  exports: [RetentionSweepService],
})
export class RetentionModule {}
