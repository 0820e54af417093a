import { Module } from '@nestjs/common';
import { PlaybackSessionProcessor } from './playback/playback-session.processor';
import { MaintenanceProcessor } from './reconcile/maintenance.processor';
import { RecordingsModule } from './recordings.module';
import { RecordingsProcessor } from './recordings.processor';

/** Downloads, playback-session ends and reconciliation: imported only where this process is a worker (APP_ROLE worker or all). */
@Module({
  imports: [RecordingsModule],
  providers: [MaintenanceProcessor, PlaybackSessionProcessor, RecordingsProcessor],
})
export class RecordingsWorkerModule {}
