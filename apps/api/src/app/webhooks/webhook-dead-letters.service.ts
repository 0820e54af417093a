import { ConflictException, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ParkedWebhookEvent, ParkedWebhookEvents, WebhookEventRetried } from '@callrec/contracts';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { WebhookKind } from '../../services/queues/queues.constants';
import { WebhookJobsService } from '../../services/queues/webhook-jobs.service';
import { AuditWriter } from '../audit/audit.writer';
import { RequestContext } from '../../common/request-context';
import { errorMessage } from '../../common/errors/error-message';

/** The Pipeline page shows this many of the newest parked events (and the total). */
const LIST_LIMIT = 50;
/** An applier's message is short; anything longer is cut so one odd error cannot bloat the row. */
const MAX_ERROR_LENGTH = 1000;

export interface FailureOutcome {
  attempts: number;
  parked: boolean;
}

/**
 * The dead letter of webhook events. Every failed try to apply an event counts on its row, so
 * the cap (WEBHOOK_MAX_ATTEMPTS) holds across Bull's own retries, reconciliation's requeues and
 * restarts; at the cap the event is parked: no job retries it and no requeue picks it up until
 * an ADMIN retries it from the Pipeline page.
 */
@Injectable()
export class WebhookDeadLettersService {
  private readonly logger = new Logger(WebhookDeadLettersService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly jobs: WebhookJobsService,
    private readonly prisma: PrismaService,
  ) {}

  /**
   * Counts one failed try and parks the event when it reaches the cap, in one statement so two
   * workers never both count under the cap. Null when the event was applied or parked meanwhile.
   */
  public async recordFailure(webhookEventId: string, error: unknown): Promise<FailureOutcome | null> {
    const message = errorMessage(error).slice(0, MAX_ERROR_LENGTH);
    const [row] = await this.prisma.$queryRaw<FailureOutcome[]>`
      UPDATE "WebhookEvent"
      SET attempts = attempts + 1,
          "lastError" = ${message},
          "parkedAt" = CASE WHEN attempts + 1 >= ${this.config.webhookMaxAttempts}::int THEN now() AT TIME ZONE 'UTC' END
      WHERE id = ${webhookEventId}::uuid AND "processedAt" IS NULL AND "parkedAt" IS NULL
      RETURNING attempts, "parkedAt" IS NOT NULL AS parked`;
    return row ?? null;
  }

  /** How many events are parked, and the newest of them, for the Pipeline page. */
  public async parked(): Promise<ParkedWebhookEvents> {
    const where = { parkedAt: { not: null } };
    const [count, rows] = await Promise.all([
      this.prisma.webhookEvent.count({ where }),
      this.prisma.webhookEvent.findMany({
        where,
        orderBy: [{ parkedAt: 'desc' }, { id: 'asc' }],
        take: LIST_LIMIT,
        select: { id: true, kind: true, receivedAt: true, parkedAt: true, attempts: true, lastError: true, payload: true },
      }),
    ]);
    return {
      count,
      items: rows.map(({ payload, parkedAt, receivedAt, ...row }): ParkedWebhookEvent => {
        // Only the SIDs leave the payload: it also carries phone numbers.
        const params = (payload ?? {}) as Record<string, unknown>;
        return {
          ...row,
          receivedAt: receivedAt.toISOString(),
          parkedAt: (parkedAt as Date).toISOString(),
          callSid: typeof params['CallSid'] === 'string' ? params['CallSid'] : null,
          recordingSid: typeof params['RecordingSid'] === 'string' ? params['RecordingSid'] : null,
        };
      }),
    };
  }

  /** ADMIN: puts a parked event back on the queue with a fresh count of attempts. */
  public async retry(id: string, context: RequestContext): Promise<WebhookEventRetried> {
    const event = await this.prisma.webhookEvent.findUnique({
      where: { id },
      select: { kind: true, processedAt: true, parkedAt: true, attempts: true, lastError: true, payload: true },
    });
    if (!event) throw new NotFoundException(`Webhook event ${id} not found`);
    if (event.processedAt) {
      throw new ConflictException(`Webhook event ${id} was already applied at ${event.processedAt.toISOString()}`);
    }
    if (!event.parkedAt) {
      throw new ConflictException(
        `Webhook event ${id} is not parked: it is still being retried (${event.attempts} failed attempt(s) so far)`,
      );
    }
    const params = (event.payload ?? {}) as Record<string, unknown>;
    await this.prisma.$transaction(async (tx) => {
      // Conditional: of two retries at once one wins.
      const reset = await tx.webhookEvent.updateMany({
        where: { id, processedAt: null, parkedAt: { not: null } },
        data: { parkedAt: null, attempts: 0 },
      });
      if (reset.count === 0) throw new ConflictException(`Webhook event ${id} is no longer parked: someone retried it meanwhile`);
      await this.audit.record(
        {
          action: 'WEBHOOK_EVENT_RETRIED',
          context,
          details: {
            webhookEventId: id,
            kind: event.kind,
            callSid: params['CallSid'] ?? null,
            recordingSid: params['RecordingSid'] ?? null,
            attempts: event.attempts,
            lastError: event.lastError,
          },
        },
        tx,
      );
    });
    try {
      await this.jobs.requeue(event.kind as WebhookKind, id);
    } catch (error) {
      // Unparked and unprocessed, the event is one reconciliation requeues: nothing is lost.
      throw new ServiceUnavailableException(
        `Webhook event ${id} was unparked but could not be queued now (${errorMessage(error)}); reconciliation will queue it`,
      );
    }
    this.logger.log(`Webhook event ${id} (${event.kind}) retried after ${event.attempts} attempt(s)`);
    return { id, enqueued: true };
  }
}
