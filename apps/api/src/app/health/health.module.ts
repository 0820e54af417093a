import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { MetricsController } from './metrics.controller';
import { PipelineStatsService } from './pipeline-stats.service';

@Module({
  controllers: [HealthController, MetricsController],
  providers: [HealthService, PipelineStatsService],
  exports: [HealthService, PipelineStatsService],
})
export class HealthModule {}
