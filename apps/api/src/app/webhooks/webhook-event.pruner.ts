import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';

/** Rows per DELETE: each statement is short, so pruning never holds a long lock. */
const PRUNE_BATCH = 5000;

/**
 * Deletes processed webhook events older than WEBHOOK_EVENT_RETENTION_DAYS. A stored event is
 * what makes a duplicate delivery a no-op, so once it is pruned a delivery of the same
 * callback would be taken as new; Twilio retries within hours, and the appliers converge on
 * the same row for a late duplicate anyway. Unprocessed and parked events are never pruned:
 * they still need someone.
 */
@Injectable()
export class WebhookEventPruner {
  private readonly logger = new Logger(WebhookEventPruner.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
  ) {}

  /** Returns how many events were deleted. */
  public async prune(batchSize = PRUNE_BATCH): Promise<number> {
    const days = this.config.webhookEventRetentionDays;
    let deleted = 0;
    for (;;) {
      // processedAt is written as UTC (see WebhooksProcessor), so the cutoff is computed the same way.
      // = ANY(ARRAY(…)) makes PostgreSQL look the batch up by primary key; with IN (…) it chose a
      // hash join over a scan of the whole table for every batch.
      const count = await this.prisma.$executeRaw`
        DELETE FROM "WebhookEvent"
        WHERE id = ANY(ARRAY(
          SELECT id FROM "WebhookEvent"
          WHERE "processedAt" < (now() AT TIME ZONE 'UTC') - make_interval(days => ${days}::int)
          ORDER BY "processedAt"
          LIMIT ${batchSize}::int
        ))`;
      deleted += count;
      if (count < batchSize) break;
    }
    if (deleted > 0) this.logger.log(`Pruned ${deleted} webhook event(s) processed more than ${days} day(s) ago`);
    return deleted;
  }
}
