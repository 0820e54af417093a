import { Module } from '@nestjs/common';
import { CoverageModule } from '../coverage/coverage.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { MetricsController } from './metrics.controller';
import { StorageCheckService } from './storage-check.service';

@Module({
  // Health details and metrics report the pipeline's counts and queue depth; metrics the coverage too.
  imports: [CoverageModule, PipelineModule],
  controllers: [HealthController, MetricsController],
  providers: [HealthService, StorageCheckService],
  exports: [HealthService, StorageCheckService],
})
export class HealthModule {}
