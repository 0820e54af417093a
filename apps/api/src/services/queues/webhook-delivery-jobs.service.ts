import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { JOB, QUEUE, SEND_WEBHOOK_DELIVERY_JOB_OPTIONS, SendWebhookDeliveryJob, webhookDeliveryJobId } from './queues.constants';

/** Producer for the outbound-webhooks queue: one job per delivery attempt. */
@Injectable()
export class WebhookDeliveryJobsService {
  public constructor(@InjectQueue(QUEUE.outboundWebhooks) private readonly queue: Queue) {}

  /** A no-op while the same attempt's job still exists (its id names the delivery and the attempt). */
  public async enqueue(data: SendWebhookDeliveryJob, delayMs = 0): Promise<void> {
    await this.queue.add(JOB.sendWebhookDelivery, data satisfies SendWebhookDeliveryJob, {
      ...SEND_WEBHOOK_DELIVERY_JOB_OPTIONS,
      jobId: webhookDeliveryJobId(data.deliveryId, data.attempt),
      ...(delayMs > 0 ? { delay: delayMs } : {}),
    });
  }

  /**
   * Makes the attempt run now: a delayed job is promoted, a finished one (Bull keeps their ids
   * for a while, which would make a plain enqueue a silent no-op) is removed and added again,
   * a waiting or running one is left alone. Returns true when a job was added or promoted.
   */
  public async runNow(data: SendWebhookDeliveryJob): Promise<boolean> {
    const existing = await this.queue.getJob(webhookDeliveryJobId(data.deliveryId, data.attempt));
    if (existing) {
      const state = await existing.getState();
      if (state === 'delayed') {
        await existing.promote();
        return true;
      }
      if (state !== 'completed' && state !== 'failed') return false;
      await existing.remove();
    }
    await this.enqueue(data);
    return true;
  }
}
