import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PrismaService } from '../../services/prisma/prisma.service';
import { OBJECT_LOCK_SYNC_REQUESTED_KEY } from '../../services/queues/queues.constants';
import { RedisService } from '../../services/redis/redis.service';
import { StorageBackend } from '../../services/storage/recording-store';
import { RecordingStores } from '../../services/storage/recording-stores';
import { HOLD_LOCK, UNDER_ACTIVE_HOLD } from '../legal-holds/hold-coverage';
import { errorMessage } from '../../common/errors/error-message';
import { RETAIN_UNTIL } from './deciding-policy.sql';

const BATCH_SIZE = 500;
// Enough store calls in flight to hide a gateway's latency without flooding it.
const CONCURRENCY = 8;
const LEASE_KEY = 'callrec:object-lock:sync-lease';
const LEASE_TTL_MS = 5 * 60_000;
/** A trigger that keeps coming while passes run cannot hold a sync forever; the next job goes on. */
const MAX_PASSES = 5;

export interface ObjectLockSyncSummary {
  /** Stored S3 rows looked at (over every pass). */
  scanned: number;
  /** Objects whose retain-until date was moved later. */
  extended: number;
  holdsSet: number;
  holdsCleared: number;
  /** Store calls that failed; each is logged with its key and tried again by the next sync. */
  failed: number;
  failedKeys: string[];
}

interface Row {
  id: string;
  storageKey: string;
  lockedUntil: Date | null;
  objectLegalHold: boolean;
  retainUntil: Date | null;
  held: boolean;
}

/**
 * Keeps the bucket's Object Lock in line with the product (design 9.4): every stored S3 object
 * is retained until its retention ends (extended when a policy or the call's outcome history
 * lengthens it, never shortened: the store could not, and a shorter policy simply waits for
 * the lock), and is under S3 legal hold exactly while one of our holds covers it. The row
 * remembers what was set (lockedUntil, objectLegalHold), written only after the store said yes,
 * so a run that dies half way is finished by the next; running it twice changes nothing more.
 */
@Injectable()
export class ObjectLockSyncService {
  private readonly logger = new Logger(ObjectLockSyncService.name);

  public constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
    private readonly stores: RecordingStores,
  ) {}

  /**
   * One sync, with passes until no trigger came in during the last one; null when Object Lock
   * is off or another sync holds the lease (that one makes the extra pass, see the flag).
   */
  public async sync(reason: string): Promise<ObjectLockSyncSummary | null> {
    if (this.stores.lockMode === 'off') return null;
    const lease = randomUUID();
    if ((await this.redis.client.set(LEASE_KEY, lease, 'PX', LEASE_TTL_MS, 'NX')) !== 'OK') {
      this.logger.log(`An Object Lock sync is already running; it makes another pass for this one (${reason})`);
      return null;
    }
    const renew = setInterval(() => void this.redis.client.pexpire(LEASE_KEY, LEASE_TTL_MS), LEASE_TTL_MS / 3);
    const summary: ObjectLockSyncSummary = { scanned: 0, extended: 0, holdsSet: 0, holdsCleared: 0, failed: 0, failedKeys: [] };
    try {
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        // Cleared before the pass reads anything: a trigger committed from here on sets it again.
        await this.redis.client.del(OBJECT_LOCK_SYNC_REQUESTED_KEY);
        await this.pass(summary);
        if ((await this.redis.client.exists(OBJECT_LOCK_SYNC_REQUESTED_KEY)) === 0) break;
      }
    } finally {
      clearInterval(renew);
      // Only our own lease; an expired one may already be another sync's.
      await this.redis.client
        .eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, LEASE_KEY, lease)
        .catch(() => undefined);
    }
    const { failedKeys, ...counts } = summary;
    this.logger.log(
      { reason, ...counts },
      `Object Lock sync (${reason}): ${summary.extended} extended, ${summary.holdsSet} held, ${summary.holdsCleared} released, ${summary.failed} failed`,
    );
    if (failedKeys.length > 0) this.logger.error(`Object Lock could not be brought up to date for: ${failedKeys.slice(0, 20).join(', ')}`);
    return summary;
  }

  /** Every stored S3 row once, in batches keyed by id. */
  private async pass(summary: ObjectLockSyncSummary): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.prisma.$queryRaw<Row[]>`
        SELECT r.id, r."storageKey", r."lockedUntil", r."objectLegalHold", ${RETAIN_UNTIL} AS "retainUntil", ${UNDER_ACTIVE_HOLD} AS held
        FROM "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
        WHERE r.status = 'STORED' AND r."storageBackend" = 'S3' AND r."storageKey" IS NOT NULL AND r.id > ${after}::uuid
        ORDER BY r.id
        LIMIT ${BATCH_SIZE}`;
      if (rows.length === 0) return;
      after = rows[rows.length - 1].id;
      summary.scanned += rows.length;
      await this.inLanes(rows, (row) => this.bringUpToDate(row, summary));
    }
  }

  private async bringUpToDate(row: Row, summary: ObjectLockSyncSummary): Promise<void> {
    const store = this.stores.of(StorageBackend.S3);
    try {
      if (row.retainUntil && (row.lockedUntil === null || row.retainUntil > row.lockedUntil)) {
        await store.extendRetention(row.storageKey, row.retainUntil);
        // GREATEST: only ever later, also against a sync that ran meanwhile.
        await this.prisma.$executeRaw`
          UPDATE "Recording" SET "lockedUntil" = GREATEST("lockedUntil", ${row.retainUntil.toISOString()}::timestamptz AT TIME ZONE 'UTC'), "updatedAt" = now()
          WHERE id = ${row.id}::uuid`;
        summary.extended++;
      }
      if (row.held && !row.objectLegalHold) {
        await store.setLegalHold(row.storageKey, true);
        await this.prisma.$executeRaw`UPDATE "Recording" SET "objectLegalHold" = true, "updatedAt" = now() WHERE id = ${row.id}::uuid`;
        summary.holdsSet++;
      } else if (!row.held && row.objectLegalHold && (await this.releaseIfUnheld(row))) {
        summary.holdsCleared++;
      }
    } catch (error) {
      summary.failed++;
      if (summary.failedKeys.length < 100) summary.failedKeys.push(row.storageKey);
      this.logger.error(`Object Lock sync of ${row.storageKey} (recording ${row.id}) failed: ${errorMessage(error)}`);
    }
  }

  /**
   * Clears the bucket's legal hold only if still no hold covers the row, deciding under the hold
   * lock (shared, as deletions take it): a hold placed meanwhile waits for this, then its own
   * sync sets the S3 hold again. Without it, a clear decided before the hold and done after it
   * would leave a held recording deletable in the bucket.
   */
  private async releaseIfUnheld(row: Row): Promise<boolean> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${HOLD_LOCK}::bigint)`;
        const still = await tx.$queryRaw<{ held: boolean }[]>`
          SELECT ${UNDER_ACTIVE_HOLD} AS held FROM "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
          WHERE r.id = ${row.id}::uuid AND r."objectLegalHold" FOR UPDATE OF r`;
        if (still.length === 0 || still[0].held) return false;
        await this.stores.of(StorageBackend.S3).setLegalHold(row.storageKey, false);
        await tx.$executeRaw`UPDATE "Recording" SET "objectLegalHold" = false, "updatedAt" = now() WHERE id = ${row.id}::uuid`;
        return true;
      },
      { timeout: 60_000 },
    );
  }

  private async inLanes<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < items.length) await work(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, lane));
  }
}
