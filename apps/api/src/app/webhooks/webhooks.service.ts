import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import type { WebhookKind } from '../../services/queues/queues.constants';
import { WebhookJobsService } from '../../services/queues/webhook-jobs.service';
import { WebhookEventWriter } from './webhook-event.writer';
import { CALL_SID, param, RECORDING_SID, requireParam, TwilioParams } from './twilio-params';
import { errorMessage } from '../../common/errors/error-message';

const ENQUEUE_TIMEOUT_MS = 2000;
/** Events one requeue puts back on the queue at most; the rest wait for the next run. */
const REQUEUE_BATCH = 1000;
const REQUEUE_PARALLEL = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records each callback once (its idempotency key is unique) and hands the work to a queue,
 * so Twilio gets its answer in milliseconds and a duplicate delivery changes nothing.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly events: WebhookEventWriter,
    private readonly jobs: WebhookJobsService,
    private readonly prisma: PrismaService,
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
        this.jobs.enqueue(kind, webhookEventId),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from Redis within ${timeoutMs} ms`)), timeoutMs))),
      ]);
    } catch (error) {
      this.logger.warn(`Stored ${kind} event ${webhookEventId} but could not queue it yet (${errorMessage(error)}); reconciliation will`);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The job that runs with every reconciliation: events received longer ago than
   * RECONCILE_GRACE_SECONDS and still unprocessed go back on the queue (see requeueStale).
   */
  public requeueLost(): Promise<number> {
    return this.requeueStale(new Date(Date.now() - this.config.reconcileGraceSeconds * 1000));
  }

  /**
   * The net under lost enqueues and jobs that gave up: the oldest unprocessed
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
          this.jobs.requeue(event.kind as WebhookKind, event.id).catch((error: Error) => {
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
