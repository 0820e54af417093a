import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PipelineStatsService } from './pipeline-stats.service';
import { PipelineController } from './pipeline.controller';
import { PipelineService } from './pipeline.service';

/** Where recordings and queued work stand: the Pipeline page, and the stats that health and metrics report. */
@Module({
  imports: [WebhooksModule],
  controllers: [PipelineController],
  providers: [PipelineService, PipelineStatsService],
  exports: [PipelineStatsService],
})
export class PipelineModule {}
