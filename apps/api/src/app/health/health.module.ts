import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { MetricsController } from './metrics.controller';
import { PipelineStatsService } from './pipeline-stats.service';
import { StorageCheckService } from './storage-check.service';

@Module({
  controllers: [HealthController, MetricsController],
  providers: [HealthService, PipelineStatsService, StorageCheckService],
  exports: [HealthService, PipelineStatsService, StorageCheckService],
})
export class HealthModule {}
