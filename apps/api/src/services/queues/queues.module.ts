import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ContactImportJobsService } from './contact-import-jobs.service';
import { ExportJobsService } from './export-jobs.service';
import { MaintenanceJobsService } from './maintenance-jobs.service';
import { CAPPED_EXPONENTIAL, CappedBackoffOptions, cappedExponentialDelay, QUEUE, QUEUE_PREFIX } from './queues.constants';
import { RecordingJobsService } from './recording-jobs.service';
import { WebhookDeliveryJobsService } from './webhook-delivery-jobs.service';
import { WebhookJobsService } from './webhook-jobs.service';

// Per-queue options would replace (not merge with) the root `settings`, so every setting lives here.
const queues = Object.values(QUEUE).map((name) => BullModule.registerQueue({ name }));
/** One producer per queue: the only code that adds jobs, with the options of queues.constants. */
const producers = [
  ContactImportJobsService,
  ExportJobsService,
  MaintenanceJobsService,
  RecordingJobsService,
  WebhookDeliveryJobsService,
  WebhookJobsService,
];

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        url: config.redisUrl,
        prefix: QUEUE_PREFIX,
        settings: {
          // A killed worker's job is taken over once its lock lapses and the stalled check runs.
          lockDuration: config.queueLockMs,
          stalledInterval: config.queueStalledCheckMs,
          maxStalledCount: 3,
          backoffStrategies: {
            [CAPPED_EXPONENTIAL]: (attemptsMade: number, _error: Error, options?: CappedBackoffOptions) =>
              cappedExponentialDelay(attemptsMade, options ?? { delay: 1000, maxDelay: 60_000 }),
          },
        },
      }),
    }),
    ...queues,
  ],
  providers: producers,
  exports: [...queues, ...producers],
})
export class QueuesModule {}
