import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { WebhookDeliveryJobsService } from '../../services/queues/webhook-delivery-jobs.service';
import { sendWebhook, SendResult } from './webhook-sender';
import { signWebhook } from './webhook-signer';

/**
 * How long past its due time a PENDING delivery must be before the requeue takes it for lost:
 * a delayed job fires on time, so this only has to cover a busy queue.
 */
const OVERDUE_AFTER_MS = 60_000;
/** While an attempt is in flight its row is due this long after its timeout: a dead worker's attempt is then overdue. */
const IN_FLIGHT_MARGIN_MS = 30_000;
const REQUEUE_BATCH = 1000;

interface Claimed {
  attempts: number;
  messageId: string;
  payload: unknown;
  url: string;
  secret: string;
  active: boolean;
  deletedAt: Date | null;
}

export type AttemptOutcome = 'skipped' | 'succeeded' | 'retrying' | 'failed' | 'not-sent';

/**
 * One attempt of one delivery, and the schedule of the next (design 9.10). Each attempt claims
 * the row with a conditional UPDATE naming the attempt count it was scheduled for, so two
 * workers holding the same job (a stalled job taken over, a requeue beside a late job) never
 * send one attempt twice. A failure (non-2xx, 3xx included, a timeout, a refused or unreachable
 * address) is one attempt row and, while WEBHOOK_DELIVERY_DELAYS_MS lasts, a delayed job for
 * the next; after the last delay the delivery is FAILED. Every attempt counts, manual ones
 * too: a manual retry of a FAILED delivery that fails again is FAILED again.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly jobs: WebhookDeliveryJobsService,
    private readonly prisma: PrismaService,
  ) {}

  public async attempt(deliveryId: string, scheduledAttempt: number): Promise<AttemptOutcome> {
    const claimed = await this.claim(deliveryId, scheduledAttempt);
    if (!claimed) return 'skipped';
    if (claimed.deletedAt || !claimed.active) {
      // Not sent: the ADMIN took the endpoint away. The row says why; a retry after reactivating sends it.
      const reason = claimed.deletedAt ? 'Not sent: the endpoint was deleted' : 'Not sent: the endpoint is inactive';
      await this.settle(deliveryId, claimed.attempts, { statusCode: null, error: reason, durationMs: 0, responseBody: null }, true);
      return 'not-sent';
    }
    const body = JSON.stringify(claimed.payload);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'callrec-webhooks/1',
      ...signWebhook(claimed.secret, claimed.messageId, new Date(), body),
    };
    const result = await sendWebhook({
      url: claimed.url,
      body,
      headers,
      timeoutMs: this.config.webhookDeliveryTimeoutMs,
      allowPrivate: this.config.webhookAllowPrivate,
    });
    return this.settle(deliveryId, claimed.attempts, result, false);
  }

  /** Takes the row for this attempt, or returns null when it is settled or another worker has it. */
  private async claim(deliveryId: string, scheduledAttempt: number): Promise<Claimed | null> {
    const leaseMs = this.config.webhookDeliveryTimeoutMs + IN_FLIGHT_MARGIN_MS;
    const rows = await this.prisma.$queryRaw<Claimed[]>`
      UPDATE "WebhookDelivery" AS d
      SET attempts = d.attempts + 1, "lastAttemptAt" = now(), "nextAttemptAt" = now() + make_interval(secs => ${leaseMs / 1000})
      FROM "WebhookEndpoint" AS e
      WHERE d.id = ${deliveryId}::uuid AND e.id = d."endpointId" AND d.status = 'PENDING' AND d.attempts = ${scheduledAttempt}
      RETURNING d.attempts, d."messageId", d.payload, e.url, e.secret, e.active, e."deletedAt"`;
    return rows[0] ?? null;
  }

  /**
   * Writes the attempt and the row's next state in one transaction, then schedules the next
   * attempt. Only while the row is still at this attempt: should a requeue have taken over
   * (this worker outlived its lease), the attempt is logged but the newer one decides.
   */
  private async settle(deliveryId: string, attempts: number, result: SendResult, final: boolean): Promise<AttemptOutcome> {
    const delays = this.config.webhookDeliveryDelaysMs;
    const succeeded = result.error === null;
    const retryIn = !succeeded && !final && attempts <= delays.length ? delays[attempts - 1] : null;
    const outcome: AttemptOutcome = succeeded ? 'succeeded' : retryIn !== null ? 'retrying' : final ? 'not-sent' : 'failed';
    const now = new Date();
    const owned = await this.prisma.$transaction(async (tx) => {
      await tx.webhookDeliveryAttempt.create({
        data: {
          deliveryId,
          at: now,
          statusCode: result.statusCode,
          error: result.error,
          durationMs: result.durationMs,
          responseBody: result.responseBody,
        },
      });
      const updated = await tx.webhookDelivery.updateMany({
        where: { id: deliveryId, status: 'PENDING', attempts },
        data: succeeded
          ? { status: 'SUCCEEDED', deliveredAt: now, nextAttemptAt: null }
          : retryIn !== null
            ? { nextAttemptAt: new Date(now.getTime() + retryIn) }
            : { status: 'FAILED', nextAttemptAt: null },
      });
      return updated.count === 1;
    });
    if (!owned) return 'skipped';
    if (retryIn !== null) {
      // Lost (Redis away), it is requeued once overdue.
      await this.jobs.enqueue({ deliveryId, attempt: attempts }, retryIn).catch((error: Error) => {
        this.logger.warn(`Could not schedule attempt ${attempts + 1} of delivery ${deliveryId} (the requeue will): ${error.message}`);
      });
    }
    const level = succeeded ? 'debug' : 'warn';
    this.logger[level](
      `Webhook delivery ${deliveryId} attempt ${attempts}: ${result.error ?? `answered ${result.statusCode}`} → ${outcome}`,
    );
    return outcome;
  }

  /**
   * Puts PENDING deliveries whose attempt is well overdue back on the queue: their job was lost
   * (a crash before the first enqueue, a Redis flush, a worker that died mid-attempt). Run by
   * the maintenance queue beside reconciliation. Returns how many were requeued.
   */
  public async requeueOverdue(): Promise<number> {
    const overdue = await this.prisma.webhookDelivery.findMany({
      where: { status: 'PENDING', nextAttemptAt: { lt: new Date(Date.now() - OVERDUE_AFTER_MS) } },
      select: { id: true, attempts: true, lastAttemptAt: true, _count: { select: { attemptLog: true } } },
      orderBy: { nextAttemptAt: 'asc' },
      take: REQUEUE_BATCH,
    });
    // An attempt claimed but never logged was cut short (its worker died): the log says so,
    // which also keeps "claimed but not logged" meaning "in flight" for the manual retry.
    const interrupted = overdue.filter((d) => d._count.attemptLog < d.attempts);
    if (interrupted.length > 0) {
      await this.prisma.webhookDeliveryAttempt.createMany({
        data: interrupted.flatMap((d) =>
          Array.from({ length: d.attempts - d._count.attemptLog }, () => ({
            deliveryId: d.id,
            at: d.lastAttemptAt ?? new Date(),
            durationMs: 0,
            error: 'Interrupted: the worker stopped before this attempt had a result',
          })),
        ),
      });
    }
    let requeued = 0;
    for (const delivery of overdue) {
      if (await this.jobs.runNow({ deliveryId: delivery.id, attempt: delivery.attempts })) requeued += 1;
    }
    if (requeued > 0) this.logger.warn(`Requeued ${requeued} overdue webhook deliveries`);
    return requeued;
  }
}
