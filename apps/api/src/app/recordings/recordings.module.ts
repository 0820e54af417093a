import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ObjectLockModule } from '../object-lock/object-lock.module';
import { OutboundWebhooksModule } from '../outbound-webhooks/outbound-webhooks.module';
import { ErasureController } from './deletion/erasure.controller';
import { ErasureService } from './deletion/erasure.service';
import { RecordingDeleter } from './deletion/recording.deleter';
import { ManualDeletionService } from './deletion/manual-deletion.service';
import { RecordingDownloader } from './download/recording.downloader';
import { MediaTokensService } from './media/media-tokens.service';
import { MediaResponder } from './media/media.responder';
import { PlaybackSessionsService } from './playback/playback-sessions.service';
import { RecordingsController } from './recordings.controller';
import { RecordingsService } from './recordings.service';
import { SourceCopyService } from './source-copy.service';
import { OrphanAdoptionService } from './reconcile/orphan-adoption.service';
import { UnconfirmedCallsService } from './reconcile/unconfirmed-calls.service';
import { ReconciliationService } from './reconcile/reconciliation.service';

/** Recordings: download, playback, deletion and reconciliation. Its processor is in RecordingsWorkerModule. */
@Module({
  // Stored, failed and deleted recordings are outbound events; stored ones are locked as planned.
  imports: [AuthModule, ObjectLockModule, OutboundWebhooksModule],
  controllers: [ErasureController, RecordingsController],
  providers: [
    ErasureService,
    MediaResponder,
    MediaTokensService,
    RecordingDeleter,
    ManualDeletionService,
    OrphanAdoptionService,
    PlaybackSessionsService,
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
    PlaybackSessionsService,
    RecordingDownloader,
    ReconciliationService,
  ],
})
export class RecordingsModule {}
