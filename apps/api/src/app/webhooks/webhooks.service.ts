import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { ApplyWebhookJob, JOB, QUEUE, WEBHOOK_JOB_OPTIONS } from '../../services/queues/queues.constants';
import { WebhookEventWriter } from './webhook-event.writer';
import { CALL_SID, param, RECORDING_SID, requireParam, TwilioParams } from './twilio-params';

const ENQUEUE_TIMEOUT_MS = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type WebhookKind = 'call-status' | 'recording-status';

const JOB_FOR_KIND: Record<WebhookKind, string> = {
  'call-status': JOB.applyCallStatus,
  'recording-status': JOB.applyRecordingStatus,
};

/**
 * Records each callback once (its idempotency key is unique) and hands the work to a queue,
 * so Twilio gets its answer in milliseconds and a duplicate delivery changes nothing.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  public constructor(
    private readonly events: WebhookEventWriter,
    @InjectQueue(QUEUE.webhooks) private readonly queue: Queue,
  ) {}

  public idempotencyKey(kind: WebhookKind, params: TwilioParams): string {
    if (kind === 'call-status') {
      const callSid = requireParam(params, 'CallSid', CALL_SID);
      const status = requireParam(params, 'CallStatus');
      return `call:${callSid}:${param(params, 'SequenceNumber') ?? 'none'}:${status}`;
    }
    requireParam(params, 'CallSid', CALL_SID);
    const recordingSid = requireParam(params, 'RecordingSid', RECORDING_SID);
    return `recording:${recordingSid}:${requireParam(params, 'RecordingStatus')}`;
  }

  /** Returns true when this delivery was new, false for a duplicate. */
  public async ingest(kind: WebhookKind, params: TwilioParams, callRecordId?: unknown): Promise<boolean> {
    const idempotencyKey = this.idempotencyKey(kind, params);
    const ours = typeof callRecordId === 'string' && UUID.test(callRecordId) ? callRecordId : null;
    const event = await this.events.store(idempotencyKey, kind, params, ours);
    if (!event.processedAt) {
      // The job id makes this a no-op while the first delivery's job still exists; when an
      // earlier enqueue failed, a redelivery is how the work gets back on the queue.
      await this.enqueueWithin(kind, event.id, ENQUEUE_TIMEOUT_MS);
    }
    if (!event.fresh) this.logger.debug(`Duplicate ${kind} callback ${idempotencyKey} ignored`);
    return event.fresh;
  }

  /**
   * The event is already safe in PostgreSQL; if Redis is slow or down, Twilio still gets its
   * answer at once and reconciliation puts the event on the queue later.
   */
  private async enqueueWithin(kind: WebhookKind, webhookEventId: string, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.enqueue(kind, webhookEventId),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from Redis within ${timeoutMs} ms`)), timeoutMs))),
      ]);
    } catch (error) {
      this.logger.warn(`Stored ${kind} event ${webhookEventId} but could not queue it yet (${(error as Error).message}); reconciliation will`);
    } finally {
      clearTimeout(timer);
    }
  }

  public async enqueue(kind: WebhookKind, webhookEventId: string): Promise<void> {
    await this.queue.add(JOB_FOR_KIND[kind], { webhookEventId } satisfies ApplyWebhookJob, {
      ...WEBHOOK_JOB_OPTIONS,
      jobId: `webhook:${webhookEventId}`,
    });
  }
}
