import { Module } from '@nestjs/common';
import { RecordingsModule } from './recordings.module';
import { RecordingsProcessor } from './recordings.processor';

/** Downloads: imported only where this process is a worker (APP_ROLE worker or all). */
@Module({
  imports: [RecordingsModule],
  providers: [RecordingsProcessor],
})
export class RecordingsWorkerModule {}
