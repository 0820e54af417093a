import { InjectQueue } from '@nestjs/bull';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../../services/config/app-config';
import { processJobs } from '../../services/queues/process-jobs';
import { JOB, QUEUE, SendWebhookDeliveryJob } from '../../services/queues/queues.constants';
import { AttemptOutcome, WebhookDeliveryService } from './webhook-delivery.service';

/** Runs the outbound-webhooks queue: delivery attempts, WEBHOOK_DELIVERY_CONCURRENCY at once. */
@Injectable()
export class OutboundWebhooksProcessor implements OnModuleInit {
  public constructor(
    private readonly config: AppConfig,
    private readonly deliveries: WebhookDeliveryService,
    @InjectQueue(QUEUE.outboundWebhooks) private readonly queue: Queue,
  ) {}

  public onModuleInit(): void {
    processJobs(this.queue, [
      {
        name: JOB.sendWebhookDelivery,
        concurrency: this.config.webhookDeliveryConcurrency,
        handle: (job: Job<SendWebhookDeliveryJob>) => this.send(job),
      },
    ]);
  }

  /** The attempt's own failures are its result, not the job's: the job fails only when the database does. */
  public send(job: Job<SendWebhookDeliveryJob>): Promise<AttemptOutcome> {
    return this.deliveries.attempt(job.data.deliveryId, job.data.attempt);
  }
}
