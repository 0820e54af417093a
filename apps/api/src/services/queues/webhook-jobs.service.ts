import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { ApplyWebhookJob, QUEUE, WEBHOOK_JOB_FOR_KIND, WEBHOOK_JOB_OPTIONS, webhookJobId, WebhookKind } from './queues.constants';

/** At most this many jobs share one MULTI; more wait for the next one. */
const MAX_BATCH = 500;

interface PendingJob {
  kind: WebhookKind;
  webhookEventId: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Producer for the webhooks queue: one apply job per stored event.
 *
 * Enqueues are grouped like the events' INSERTs (webhook-event.writer.ts): the callbacks parsed
 * in one turn of the event loop share one MULTI of Bull's add script, one write and one reply
 * instead of a round trip each (bench webhook-ingest). Each caller is still answered only once
 * its own job is in Redis, with its own error if that job's script failed.
 */
@Injectable()
export class WebhookJobsService {
  private queued: PendingJob[] = [];
  private scheduled = false;

  public constructor(@InjectQueue(QUEUE.webhooks) private readonly queue: Queue) {}

  /** A no-op while the event's job still exists (its id is the event's). */
  public enqueue(kind: WebhookKind, webhookEventId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ kind, webhookEventId, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        while (this.queued.length > 0) void this.flush(this.queued.splice(0, MAX_BATCH));
      });
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

  private async flush(batch: PendingJob[]): Promise<void> {
    try {
      const jobs = await this.queue.addBulk(
        batch.map(({ kind, webhookEventId }) => ({
          name: WEBHOOK_JOB_FOR_KIND[kind],
          data: { webhookEventId } satisfies ApplyWebhookJob,
          opts: { ...WEBHOOK_JOB_OPTIONS, jobId: webhookJobId(webhookEventId) },
        })),
      );
      // Bull reads each script's answer as the job's id and drops its error: no id, no job.
      batch.forEach((job, index) =>
        jobs[index]?.id == null
          ? job.reject(new Error(`Redis did not take the job of webhook event ${job.webhookEventId}`))
          : job.resolve(),
      );
    } catch (error) {
      for (const job of batch) job.reject(error);
    }
  }
}
