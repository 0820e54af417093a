import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { ApplyWebhookJob, QUEUE, WEBHOOK_JOB_FOR_KIND, WEBHOOK_JOB_OPTIONS, webhookJobId, WebhookKind } from './queues.constants';

/** Producer for the webhooks queue: one apply job per stored event. */
@Injectable()
export class WebhookJobsService {
  public constructor(@InjectQueue(QUEUE.webhooks) private readonly queue: Queue) {}

  /** A no-op while the event's job still exists (its id is the event's). */
  public async enqueue(kind: WebhookKind, webhookEventId: string): Promise<void> {
    await this.queue.add(WEBHOOK_JOB_FOR_KIND[kind], { webhookEventId } satisfies ApplyWebhookJob, {
      ...WEBHOOK_JOB_OPTIONS,
      jobId: webhookJobId(webhookEventId),
    });
  }

  /**
   * Puts an event back on the queue unless its job still waits or runs. A finished job keeps
   * its id (Bull keeps the last few thousand), which would make a plain enqueue a silent
   * no-op, so it is removed first. Returns true when a job was added.
   */
  public async requeue(kind: WebhookKind, webhookEventId: string): Promise<boolean> {
    const existing = await this.queue.getJob(webhookJobId(webhookEventId));
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed') return false;
      await existing.remove();
    }
    await this.enqueue(kind, webhookEventId);
    return true;
  }
}
