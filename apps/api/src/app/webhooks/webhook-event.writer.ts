import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PrismaService } from '../../services/prisma/prisma.service';
import { TwilioParams } from './twilio-params';
import { errorMessage } from '../../common/errors/error-message';

/** At most this many callbacks share one INSERT; more wait for the next one. */
const MAX_BATCH = 500;
/** Two statements in flight keep PostgreSQL busy while the next group gathers. */
const MAX_IN_FLIGHT = 2;

export interface StoredWebhookEvent {
  id: string;
  processedAt: Date | null;
  /** False when this idempotency key was already stored (a duplicate delivery). */
  fresh: boolean;
}

interface PendingEvent {
  idempotencyKey: string;
  kind: string;
  payload: TwilioParams;
  callRecordId: string | null;
  resolve: (event: StoredWebhookEvent) => void;
  reject: (error: unknown) => void;
}

interface EventRow {
  id: string;
  idempotencyKey: string;
  processedAt: Date | null;
  fresh: boolean;
}

/**
 * Stores webhook events with group commit: callbacks that arrive while a write is in flight
 * share the next INSERT … ON CONFLICT DO NOTHING. Each caller still gets its answer only once
 * its own row is committed, so a 204 always means "safe in PostgreSQL"; what is saved is the
 * per-statement cost (a round trip, the query engine, a commit) that dominated the webhook path.
 */
@Injectable()
export class WebhookEventWriter {
  private readonly logger = new Logger(WebhookEventWriter.name);
  private queued: PendingEvent[] = [];
  private inFlight = 0;
  private scheduled = false;

  public constructor(private readonly prisma: PrismaService) {}

  public store(
    idempotencyKey: string,
    kind: string,
    payload: TwilioParams,
    callRecordId: string | null = null,
  ): Promise<StoredWebhookEvent> {
    return new Promise((resolve, reject) => {
      this.queued.push({ idempotencyKey, kind, payload, callRecordId, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queued.length === 0) return;
    this.scheduled = true;
    // setImmediate lets every request parsed in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight >= MAX_IN_FLIGHT) return;
      const batch = this.queued.splice(0, MAX_BATCH);
      if (batch.length === 0) return;
      this.inFlight += 1;
      void this.write(batch).finally(() => {
        this.inFlight -= 1;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async write(batch: PendingEvent[]): Promise<void> {
    try {
      const rows = await this.insert(batch);
      const byKey = new Map(rows.map((row) => [row.idempotencyKey, row]));
      const missing = batch.filter((event) => !byKey.has(event.idempotencyKey)).map((event) => event.idempotencyKey);
      if (missing.length > 0) {
        // Another process committed these keys after this statement's snapshot was taken, so
        // the conflict skipped them without showing them; a new statement sees them.
        for (const row of await this.existing(missing)) byKey.set(row.idempotencyKey, row);
      }
      for (const event of batch) {
        const row = byKey.get(event.idempotencyKey);
        if (!row) {
          event.reject(new Error(`Webhook event ${event.idempotencyKey} was neither stored nor found`));
          continue;
        }
        event.resolve({ id: row.id, processedAt: row.processedAt, fresh: row.fresh });
        // A key twice in one batch: the first delivery is the fresh one, the others duplicates.
        byKey.set(event.idempotencyKey, { ...row, fresh: false });
      }
    } catch (error) {
      this.logger.error(`Could not store ${batch.length} webhook event(s): ${errorMessage(error)}`);
      for (const event of batch) event.reject(error);
    }
  }

  private insert(batch: PendingEvent[]): Promise<EventRow[]> {
    const ids = batch.map(() => randomUUID());
    const keys = batch.map((event) => event.idempotencyKey);
    const kinds = batch.map((event) => event.kind);
    const payloads = batch.map((event) => JSON.stringify(event.payload));
    const callRecordIds = batch.map((event) => event.callRecordId);
    // The outer SELECT sees the table as it was before this statement, so rows inserted here
    // come from RETURNING and rows that already existed from the table.
    return this.prisma.$queryRaw<EventRow[]>`
      WITH incoming AS (
        SELECT * FROM unnest(${ids}::uuid[], ${keys}::text[], ${kinds}::text[], ${payloads}::text[], ${callRecordIds}::uuid[])
          AS t(id, "idempotencyKey", kind, payload, "callRecordId")
      ), inserted AS (
        INSERT INTO "WebhookEvent" (id, "idempotencyKey", kind, payload, "callRecordId")
        SELECT id, "idempotencyKey", kind, payload::jsonb, "callRecordId" FROM incoming
        ON CONFLICT ("idempotencyKey") DO NOTHING
        RETURNING id, "idempotencyKey"
      )
      SELECT id, "idempotencyKey", NULL::timestamp(3) AS "processedAt", true AS fresh FROM inserted
      UNION ALL
      SELECT w.id, w."idempotencyKey", w."processedAt", false AS fresh
      FROM "WebhookEvent" w
      WHERE w."idempotencyKey" = ANY(${keys}::text[])`;
  }

  private existing(keys: string[]): Promise<EventRow[]> {
    return this.prisma.$queryRaw<EventRow[]>`
      SELECT id, "idempotencyKey", "processedAt", false AS fresh FROM "WebhookEvent"
      WHERE "idempotencyKey" = ANY(${keys}::text[])`;
  }
}
