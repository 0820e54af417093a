import { Injectable, Logger } from '@nestjs/common';
import { Prisma } from '../../../generated/prisma/client';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { ObjectLockedError, StorageBackend } from '../../../services/storage/recording-store';
import { RecordingStores } from '../../../services/storage/recording-stores';
import { AuditEntry, AuditWriter } from '../../audit/audit.writer';
import { OutboundEventsService } from '../../outbound-webhooks/outbound-events.service';
import { RequestContext } from '../../../common/request-context';
import { HOLD_COVERS, HOLD_LOCK, UNDER_ACTIVE_HOLD } from '../../legal-holds/hold-coverage';
import { errorMessage } from '../../../common/errors/error-message';
import { LOCKED_IN_STORE } from '../../object-lock/deciding-policy.sql';

// Enough unlinks in flight to hide the file system's latency without hogging libuv's thread pool.
const UNLINK_CONCURRENCY = 8;
/**
 * A DELETING row untouched for this long belongs to no running deletion (a crashed one, or one
 * whose audio could not be removed), so it may be handed back to a hold that now covers it.
 * A live deletion finishes a batch in seconds; restoring one mid-flight would leave a STORED
 * row without its audio.
 */
const STRANDED_AFTER_SECONDS = 300;

export interface DeletionOrder {
  /** Who decided: `retention:<policy>`, `user:<email>`, `erasure:<email>`. */
  deletedBy: string;
  reason: string;
  context?: RequestContext;
  actorId?: string | null;
}

/** What finishing a batch of claimed deletions did. */
export interface FinishedDeletions {
  /** Audio removed, row DELETED, tombstone written. */
  deleted: ClaimedRecording[];
  /**
   * Audio could not be removed: the row stays DELETING with the reason, and later sweeps retry it.
   * `locked`: the store refused because of Object Lock; `until` when the store said until when.
   */
  failed: { recording: ClaimedRecording; error: string; locked?: { until: Date | null } }[];
}

export interface ClaimedRecording {
  id: string;
  storageKey: string | null;
  storageBackend: StorageBackend | null;
  sizeBytes: number | null;
  sha256: string | null;
  twilioRecordingSid: string;
  deletedBy: string | null;
  deletionReason: string | null;
  /** Its audio is sealed under a data key (RecordingKey), which the deletion destroys. */
  encrypted: boolean;
}

/**
 * Deletes recordings in three steps so that a crash at any point is resumable and the
 * storage never disagrees with the rows: claim (STORED → DELETING, only if no active hold
 * covers it), remove the audio, then DELETED with a tombstone in the audit chain and, for an
 * encrypted recording, its data key destroyed (crypto-shredding). A row is never DELETED while
 * its file exists or while it keeps a data key, and no file is removed while its row says STORED.
 * One object that cannot be removed never stops the others: it stays DELETING with its
 * reason (shown on the Pipeline page, audited) and is retried by later sweeps.
 */
@Injectable()
export class RecordingDeleter {
  private readonly logger = new Logger(RecordingDeleter.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly outbound: OutboundEventsService,
    private readonly prisma: PrismaService,
    private readonly stores: RecordingStores,
  ) {}

  /**
   * Claims those of `ids` that are STORED, not held and not locked in the store; returns what was
   * claimed. A row whose object Object Lock still protects (its retain-until date ahead, or an S3
   * legal hold not yet lifted) is left STORED: the store would refuse, and a DELETING row would
   * only be retried blindly until then. Retention and erasure report such rows as kept.
   */
  public async claim(ids: string[], order: DeletionOrder): Promise<ClaimedRecording[]> {
    if (ids.length === 0) return [];
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${HOLD_LOCK}::bigint)`;
      // IN (SELECT unnest(…)), not = ANY(…): with a sweep's thousand ids the planner otherwise
      // hashes the whole CallRecord table for every batch instead of probing its primary key.
      return tx.$queryRaw<ClaimedRecording[]>`
        UPDATE "Recording" AS r
        SET status = 'DELETING', "deletedBy" = ${order.deletedBy}, "deletionReason" = ${order.reason}, "updatedAt" = now()
        FROM "CallRecord" AS c
        WHERE c.id = r."callRecordId" AND r.id IN (SELECT unnest(${ids}::uuid[])) AND r.status = 'STORED' AND NOT ${UNDER_ACTIVE_HOLD}
          AND NOT ${LOCKED_IN_STORE}
        RETURNING r.id, r."storageKey", r."storageBackend", r."sizeBytes", r.sha256, r."twilioRecordingSid", r."deletedBy", r."deletionReason", r.encrypted`;
    });
  }

  /**
   * Removes the audio of claimed recordings and marks them DELETED with their tombstones.
   * Safe to run twice (two sweeps, or a resumed one): only rows still DELETING are finished,
   * and only those get an audit event. A recording whose audio cannot be removed is left
   * DELETING with the reason and a RECORDING_DELETION_FAILED event; the others go on.
   */
  public async finish(claimed: ClaimedRecording[], order: Pick<DeletionOrder, 'context' | 'actorId'>): Promise<FinishedDeletions> {
    if (claimed.length === 0) return { deleted: [], failed: [] };
    const errors = await this.removeAudio(claimed);
    const failed = claimed.filter((r) => errors.has(r.id)).map((recording) => ({ recording, ...(errors.get(recording.id) as RemovalError) }));
    if (failed.length > 0) await this.recordFailures(failed, order);
    const removed = claimed.filter((r) => !errors.has(r.id));
    if (removed.length === 0) return { deleted: [], failed };
    const { deleted, deliveries } = await this.prisma.$transaction(async (tx) => {
      const finished = await tx.$queryRaw<{ id: string; encrypted: boolean }[]>`
        UPDATE "Recording" SET status = 'DELETED', "deletedAt" = now(), "updatedAt" = now(), "lastError" = NULL,
          "keyShreddedAt" = CASE WHEN encrypted THEN now() ELSE "keyShreddedAt" END
        WHERE id = ANY(${removed.map((r) => r.id)}::uuid[]) AND status = 'DELETING'
        RETURNING id, encrypted`;
      const done = new Set(finished.map((row) => row.id));
      const encrypted = new Set(finished.filter((row) => row.encrypted).map((row) => row.id));
      // The waveform is derived from the audio, so it goes with it.
      await tx.$executeRaw`DELETE FROM "RecordingPeaks" WHERE "recordingId" = ANY(${[...done]}::uuid[])`;
      // Crypto-shredding (design 9.5): with the data key gone, every copy of the ciphertext that
      // outlives the unlink (a backup, a replica, a restored bucket) is unreadable. In the
      // transaction that says DELETED and writes the tombstone, so no DELETED row keeps its key.
      // A DELETING row keeps its key: its audio may still be there, and a hold may yet take it back.
      await shredKeys(tx, [...done]);
      const rows = removed.filter((r) => done.has(r.id));
      await this.audit.recordMany(
        rows.map((r) =>
          tombstone(order, r.id, {
            twilioRecordingSid: r.twilioRecordingSid,
            deletedBy: r.deletedBy,
            reason: r.deletionReason,
            sha256: r.sha256,
            sizeBytes: r.sizeBytes,
            storageKey: r.storageKey,
            encrypted: encrypted.has(r.id),
            keyShredded: encrypted.has(r.id),
          }),
        ),
        tx,
      );
      return { deleted: rows, deliveries: await this.outbound.recordRecordings(tx, 'recording.deleted', [...done]) };
    });
    await this.outbound.dispatch(deliveries);
    return { deleted, failed };
  }

  /**
   * Unlinks files a few at a time: one by one, a batch waits on every round trip to the file
   * system in turn; all at once, a large batch would flood the thread pool the database
   * driver and the rest of the process share. Every removal has settled before this
   * resolves, so no row is marked DELETED while its file remains. Returns the failures by id.
   */
  private async removeAudio(claimed: ClaimedRecording[]): Promise<Map<string, RemovalError>> {
    const withAudio = claimed.filter((r) => r.storageKey !== null);
    const errors = new Map<string, RemovalError>();
    let next = 0;
    const lane = async () => {
      while (next < withAudio.length) {
        const recording = withAudio[next++];
        await this.stores.of(recording.storageBackend).delete(recording.storageKey as string).catch((error: unknown) => {
          const locked = error instanceof ObjectLockedError ? { locked: { until: error.until ?? null } } : {};
          errors.set(recording.id, { error: errorMessage(error), ...locked });
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(UNLINK_CONCURRENCY, withAudio.length) }, lane));
    return errors;
  }

  private async recordFailures(failed: FinishedDeletions['failed'], order: Pick<DeletionOrder, 'context' | 'actorId'>): Promise<void> {
    for (const { recording, error } of failed) {
      this.logger.error(`Could not remove the audio of ${recording.twilioRecordingSid} (${recording.storageKey}): ${error}`);
    }
    await this.prisma.$transaction(async (tx) => {
      for (const { recording, error, locked } of failed) {
        await tx.recording.updateMany({
          where: { id: recording.id, status: 'DELETING' },
          data: { lastError: `Could not remove the audio: ${error}`.slice(0, 1000) },
        });
        // Object Lock the row did not know of (clock skew, a lock set outside the product): later
        // sweeps wait for the date the store gave instead of hammering it (resumeInterrupted).
        if (locked?.until) {
          await tx.$executeRaw`
            UPDATE "Recording" SET "lockedUntil" = GREATEST("lockedUntil", ${locked.until.toISOString()}::timestamptz AT TIME ZONE 'UTC')
            WHERE id = ${recording.id}::uuid`;
        }
      }
      await this.audit.recordMany(
        failed.map(({ recording, error, locked }) => ({
          action: 'RECORDING_DELETION_FAILED' as const,
          context: order.context,
          actorId: order.actorId,
          recordingId: recording.id,
          details: {
            twilioRecordingSid: recording.twilioRecordingSid,
            deletedBy: recording.deletedBy,
            reason: recording.deletionReason,
            storageKey: recording.storageKey,
            error,
            ...(locked ? { objectLockedUntil: locked.until?.toISOString() ?? null } : {}),
          },
        })),
        tx,
      );
    });
  }

  /**
   * Takes up deletions that a crashed run left in DELETING, or whose audio could not be
   * removed before. A stranded row that a legal hold now covers, and whose audio is still
   * there, goes back to STORED: the hold wins. The rest are finished (or fail again, each on
   * its own), except those Object Lock still protects in the store: they wait for their date.
   */
  public async resumeInterrupted(batchSize = 1000): Promise<FinishedDeletions & { restored: number }> {
    const restored = await this.restoreHeld();
    const result: FinishedDeletions & { restored: number } = { deleted: [], failed: [], restored };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const stranded = await this.prisma.recording.findMany({
        where: { status: 'DELETING', id: { gt: after }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: new Date() } }] },
        select: {
          id: true,
          storageKey: true,
          storageBackend: true,
          sizeBytes: true,
          sha256: true,
          twilioRecordingSid: true,
          deletedBy: true,
          deletionReason: true,
          encrypted: true,
        },
        orderBy: { id: 'asc' },
        take: batchSize,
      });
      if (stranded.length === 0) break;
      after = stranded[stranded.length - 1].id;
      const finished = await this.finish(stranded, { actorId: null });
      result.deleted.push(...finished.deleted);
      result.failed.push(...finished.failed);
    }
    if (result.deleted.length > 0) this.logger.warn(`Finished ${result.deleted.length} deletion(s) an earlier run left behind`);
    if (restored > 0) this.logger.warn(`Handed ${restored} recording(s) that were being deleted back to the legal hold now covering them`);
    return result;
  }

  private async restoreHeld(): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      // Shared, like a claim: no hold can be placed or a claim made while this decides.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${HOLD_LOCK}::bigint)`;
      const held = await tx.$queryRaw<{ id: string; storageKey: string | null; storageBackend: StorageBackend | null }[]>`
        SELECT r.id, r."storageKey", r."storageBackend" FROM "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
        WHERE r.status = 'DELETING' AND r."updatedAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${STRANDED_AFTER_SECONDS})
          AND ${UNDER_ACTIVE_HOLD}
        FOR UPDATE OF r`;
      const present: string[] = [];
      for (const row of held) {
        if (row.storageKey && (await this.stores.of(row.storageBackend).stat(row.storageKey))) present.push(row.id);
      }
      if (present.length === 0) return 0;
      await tx.$executeRaw`
        UPDATE "Recording" SET status = 'STORED', "deletedBy" = NULL, "deletionReason" = NULL, "lastError" = NULL, "updatedAt" = now()
        WHERE id = ANY(${present}::uuid[])`;
      return present.length;
    });
  }

  /** The active holds covering one recording, by name (for 409 answers and receipts). */
  public async holdsCovering(recordingId: string): Promise<{ id: string; name: string }[]> {
    return this.prisma.$queryRaw<{ id: string; name: string }[]>`
      SELECT h.id, h.name FROM "LegalHold" h, "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
      WHERE r.id = ${recordingId}::uuid AND h."releasedAt" IS NULL AND ${HOLD_COVERS}
      ORDER BY h."createdAt"`;
  }
}

interface RemovalError {
  error: string;
  locked?: { until: Date | null };
}

/**
 * Destroys the data keys of recordings being marked DELETED, in the caller's transaction; returns
 * the ids that had one. The wrapped key is the only copy of a recording's DEK, so this is what
 * makes its ciphertext unreadable wherever else it survives.
 */
export async function shredKeys(tx: Prisma.TransactionClient, recordingIds: string[]): Promise<Set<string>> {
  if (recordingIds.length === 0) return new Set();
  const gone = await tx.$queryRaw<{ recordingId: string }[]>`
    DELETE FROM "RecordingKey" WHERE "recordingId" = ANY(${recordingIds}::uuid[]) RETURNING "recordingId"`;
  return new Set(gone.map((row) => row.recordingId));
}

/** The audit event a deletion leaves behind: who decided, why, and what was deleted. */
export function tombstone(order: Pick<DeletionOrder, 'context' | 'actorId'>, recordingId: string, details: Record<string, unknown>): AuditEntry {
  return { action: 'RECORDING_DELETED', context: order.context, actorId: order.actorId, recordingId, details };
}
