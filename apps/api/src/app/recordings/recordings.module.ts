import { Module, forwardRef } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ErasureController } from './deletion/erasure.controller';
import { ErasureService } from './deletion/erasure.service';
import { RecordingDeleter } from './deletion/recording-deleter.service';
import { RecordingRemovalService } from './deletion/recording-removal.service';
import { RecordingDownloader } from './download/recording-downloader.service';
import { MediaResponder } from './media/media-responder';
import { PlaybackSessions } from './playback/playback-sessions.service';
import { RecordingJobsService } from './recording-jobs.service';
import { RecordingsController } from './recordings.controller';
import { RecordingsService } from './recordings.service';
import { SourceCopyService } from './source-copy.service';
import { UnconfirmedCallsService } from './reconcile/unconfirmed-calls.service';
import { ReconciliationService } from './reconcile/reconciliation.service';

/** Recordings: download, playback, deletion and reconciliation. Its processors are in RecordingsWorkerModule. */
@Module({
  imports: [
    AuthModule,
    // Only for reconciliation's stale-webhook requeue, until that moves into webhooks: then this
    // import (and its forwardRef, which the two-way import needs) goes.
    forwardRef(() => WebhooksModule),
  ],
  controllers: [ErasureController, RecordingsController],
  providers: [
    ErasureService,
    MediaResponder,
    RecordingDeleter,
    RecordingRemovalService,
    PlaybackSessions,
    RecordingDownloader,
    RecordingJobsService,
    RecordingsService,
    ReconciliationService,
    SourceCopyService,
    UnconfirmedCallsService,
  ],
  exports: [
    // For webhooks (a recording's callback) and retention (the sweep deletes through RecordingDeleter).
    ErasureService,
    RecordingDeleter,
    RecordingJobsService,
    // For this feature's own processors (RecordingsWorkerModule).
    PlaybackSessions,
    RecordingDownloader,
    ReconciliationService,
  ],
})
export class RecordingsModule {}
