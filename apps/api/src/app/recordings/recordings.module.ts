import { DynamicModule, Module } from '@nestjs/common';
import { RecordingJobsService } from './recording-jobs.service';

@Module({})
export class RecordingsModule {
  public static register({ worker: _worker }: { worker: boolean }): DynamicModule {
    return {
      module: RecordingsModule,
      global: true,
      providers: [RecordingJobsService],
      exports: [RecordingJobsService],
    };
  }
}
