import { Module } from '@nestjs/common';
import { RecordingsModule } from '../recordings/recordings.module';
import { RetentionController } from './retention.controller';
import { RetentionPoliciesService } from './retention-policies.service';
import { RetentionSweepService } from './retention-sweep.service';

/** Retention policies and the sweep that applies them. Sweeps run in MaintenanceProcessor, in workers. */
@Module({
  // The sweep deletes through RecordingDeleter.
  imports: [RecordingsModule],
  controllers: [RetentionController],
  providers: [RetentionPoliciesService, RetentionSweepService],
  exports: [RetentionSweepService],
})
export class RetentionModule {}
