import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { PrismaService } from '../../services/prisma/prisma.service';
import { ApplyWebhookJob, JOB, QUEUE, WEBHOOK_JOB_OPTIONS, webhookJobId } from '../../services/queues/queues.constants';
import { WebhookEventWriter } from './webhook-event.writer';
import { CALL_SID, param, RECORDING_SID, requireParam, TwilioParams } from './twilio-params';
import { errorMessage } from '../../common/errors/error-message';

const ENQUEUE_TIMEOUT_MS = 2000;
/** Events one requeue puts back on the queue at most; the rest wait for the next run. */
const REQUEUE_BATCH = 1000;
const REQUEUE_PARALLEL = 20;
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
    private readonly prisma: PrismaService,
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
      this.logger.warn(`Stored ${kind} event ${webhookEventId} but could not queue it yet (${errorMessage(error)}); reconciliation will`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async enqueue(kind: WebhookKind, webhookEventId: string): Promise<void> {
    await this.queue.add(JOB_FOR_KIND[kind], { webhookEventId } satisfies ApplyWebhookJob, {
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

  /**
   * Reconciliation's net under lost enqueues and jobs that gave up: the oldest unprocessed
   * events received before `receivedBefore` go back on the queue, so a backlog is worked
   * from its start and newer events can never push a lost one out of every batch. Parked
   * events wait for a person instead: however many there are, they take no place here.
   */
  public async requeueStale(receivedBefore: Date, limit = REQUEUE_BATCH): Promise<number> {
    const stale = await this.prisma.webhookEvent.findMany({
      where: { processedAt: null, parkedAt: null, receivedAt: { lt: receivedBefore } },
      // Matches the partial index WebhookEvent_pending_receivedAt_idx, so no sort is needed.
      orderBy: { receivedAt: 'asc' },
      select: { id: true, kind: true },
      take: limit,
    });
    let requeued = 0;
    // A few at a time: each takes several Redis round trips, and order within a group is moot.
    for (let start = 0; start < stale.length; start += REQUEUE_PARALLEL) {
      const results = await Promise.all(
        stale.slice(start, start + REQUEUE_PARALLEL).map((event) =>
          this.requeue(event.kind as WebhookKind, event.id).catch((error: Error) => {
            // One job Bull will not let go of must not stop the rest; the next run tries again.
            this.logger.warn(`Could not requeue ${event.kind} event ${event.id}: ${error.message}`);
            return false;
          }),
        ),
      );
      requeued += results.filter(Boolean).length;
    }
    return requeued;
  }
}
