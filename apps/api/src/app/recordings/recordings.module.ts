import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ErasureController } from './deletion/erasure.controller';
import { ErasureService } from './deletion/erasure.service';
import { RecordingDeleter } from './deletion/recording-deleter.service';
import { RecordingRemovalService } from './deletion/recording-removal.service';
import { RecordingDownloader } from './download/recording-downloader.service';
import { MediaResponder } from './media/media-responder';
import { PlaybackSessions } from './playback/playback-sessions.service';
import { RecordingsController } from './recordings.controller';
import { RecordingsService } from './recordings.service';
import { SourceCopyService } from './source-copy.service';
import { UnconfirmedCallsService } from './reconcile/unconfirmed-calls.service';
import { ReconciliationService } from './reconcile/reconciliation.service';

/** Recordings: download, playback, deletion and reconciliation. Its processor is in RecordingsWorkerModule. */
@Module({
  imports: [AuthModule],
  controllers: [ErasureController, RecordingsController],
  providers: [
    ErasureService,
    MediaResponder,
    RecordingDeleter,
    RecordingRemovalService,
    PlaybackSessions,
    RecordingDownloader,
    RecordingsService,
    ReconciliationService,
    SourceCopyService,
    UnconfirmedCallsService,
  ],
  exports: [
    // For webhooks (a recording's callback) and retention (the sweep deletes through RecordingDeleter).
    ErasureService,
    RecordingDeleter,
    // For the download processor (RecordingsWorkerModule) and the maintenance jobs (MaintenanceModule).
    PlaybackSessions,
    RecordingDownloader,
    ReconciliationService,
  ],
})
export class RecordingsModule {}
