import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { RecordingDownloader } from './download/recording-downloader.service';
import { MediaResponder } from './media/media-responder';
import { PipelineService } from './pipeline.service';
import { RecordingJobsService } from './recording-jobs.service';
import { RecordingsController } from './recordings.controller';
import { RecordingsProcessor } from './recordings.processor';
import { RecordingsService } from './recordings.service';
import { MaintenanceProcessor } from './reconcile/maintenance.processor';
import { ReconciliationService } from './reconcile/reconciliation.service';

@Module({})
export class RecordingsModule {
  /** Downloads run only where this process is a worker (APP_ROLE worker or all). */
  public static register({ worker }: { worker: boolean }): DynamicModule {
    return {
      module: RecordingsModule,
      global: true,
      imports: [HealthModule],
      controllers: [RecordingsController],
      providers: [
        MediaResponder,
        PipelineService,
        RecordingDownloader,
        RecordingJobsService,
        RecordingsService,
        ReconciliationService,
        ...(worker ? [MaintenanceProcessor, RecordingsProcessor] : []),
      ],
      exports: [RecordingDownloader, RecordingJobsService, RecordingsService, ReconciliationService],
    };
  }
}
