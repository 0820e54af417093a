import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { ErasureController } from './deletion/erasure.controller';
import { ErasureService } from './deletion/erasure.service';
import { RecordingDeleter } from './deletion/recording-deleter.service';
import { RecordingRemovalService } from './deletion/recording-removal.service';
import { RecordingDownloader } from './download/recording-downloader.service';
import { MediaResponder } from './media/media-responder';
import { PipelineService } from './pipeline.service';
import { PlaybackSessions } from './playback/playback-sessions.service';
import { RecordingsController } from './recordings.controller';
import { RecordingsProcessor } from './recordings.processor';
import { RecordingsService } from './recordings.service';
import { SourceCopyService } from './source-copy.service';
import { UnconfirmedCallsService } from './reconcile/unconfirmed-calls.service';
import { ReconciliationService } from './reconcile/reconciliation.service';

@Module({})
export class RecordingsModule {
  /** Downloads run only where this process is a worker (APP_ROLE worker or all). */
  public static register({ worker }: { worker: boolean }): DynamicModule {
    return {
      module: RecordingsModule,
      global: true,
      imports: [HealthModule],
      controllers: [ErasureController, RecordingsController],
      providers: [
        ErasureService,
        MediaResponder,
        RecordingDeleter,
        RecordingRemovalService,
        PipelineService,
        PlaybackSessions,
        RecordingDownloader,
        RecordingsService,
        ReconciliationService,
        SourceCopyService,
        UnconfirmedCallsService,
        ...(worker ? [RecordingsProcessor] : []),
      ],
      exports: [ErasureService, PlaybackSessions, RecordingDeleter, RecordingDownloader, RecordingsService, ReconciliationService],
    };
  }
}
