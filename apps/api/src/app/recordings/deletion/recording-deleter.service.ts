import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { RecordingStore } from '../../../services/storage/recording-store';
import { AuditService } from '../../audit/audit.service';
import { RequestContext } from '../../auth/auth-user';
import { HOLD_COVERS, HOLD_LOCK, UNDER_ACTIVE_HOLD } from '../../legal-holds/hold-coverage';

// Enough unlinks in flight to hide the file system's latency without hogging libuv's thread pool.
const UNLINK_CONCURRENCY = 8;

export interface DeletionOrder {
  /** Who decided: `retention:<policy>`, `user:<email>`, `erasure:<email>`. */
  deletedBy: string;
  reason: string;
  context?: RequestContext;
  actorId?: string | null;
}

export interface ClaimedRecording {
  id: string;
  storageKey: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  twilioRecordingSid: string;
  deletedBy: string | null;
  deletionReason: string | null;
}

/**
 * Deletes recordings in three steps so that a crash at any point is resumable and the
 * storage never disagrees with the rows: claim (STORED → DELETING, only if no active hold
 * covers it), remove the audio, then DELETED with a tombstone in the audit chain. A row is
 * never DELETED while its file exists, and no file is removed while its row says STORED.
 */
@Injectable()
export class RecordingDeleter {
  private readonly logger = new Logger(RecordingDeleter.name);

  public constructor(
    private readonly audit: AuditService,
    private readonly prisma: PrismaService,
    private readonly store: RecordingStore,
  ) {}

  /** Claims those of `ids` that are STORED and not held; returns what was claimed. */
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
        RETURNING r.id, r."storageKey", r."sizeBytes", r.sha256, r."twilioRecordingSid", r."deletedBy", r."deletionReason"`;
    });
  }

  /**
   * Removes the audio of claimed recordings and marks them DELETED with their tombstones.
   * Safe to run twice (two sweeps, or a resumed one): only rows still DELETING are finished,
   * and only those get an audit event. Returns the rows this call finished.
   */
  public async finish(claimed: ClaimedRecording[], order: Pick<DeletionOrder, 'context' | 'actorId'>): Promise<ClaimedRecording[]> {
    if (claimed.length === 0) return [];
    await this.removeAudio(claimed.flatMap((r) => (r.storageKey ? [r.storageKey] : [])));
    return this.prisma.$transaction(async (tx) => {
      const finished = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Recording" SET status = 'DELETED', "deletedAt" = now(), "updatedAt" = now()
        WHERE id = ANY(${claimed.map((r) => r.id)}::uuid[]) AND status = 'DELETING'
        RETURNING id`;
      const done = new Set(finished.map((row) => row.id));
      // The waveform is derived from the audio, so it goes with it.
      await tx.$executeRaw`DELETE FROM "RecordingPeaks" WHERE "recordingId" = ANY(${[...done]}::uuid[])`;
      const rows = claimed.filter((r) => done.has(r.id));
      await this.audit.recordMany(
        rows.map((r) => ({
          action: 'RECORDING_DELETED' as const,
          context: order.context,
          actorId: order.actorId,
          recordingId: r.id,
          details: {
            twilioRecordingSid: r.twilioRecordingSid,
            deletedBy: r.deletedBy,
            reason: r.deletionReason,
            sha256: r.sha256,
            sizeBytes: r.sizeBytes,
            storageKey: r.storageKey,
          },
        })),
        tx,
      );
      return rows;
    });
  }

  /**
   * Unlinks files a few at a time: one by one, a batch waits on every round trip to the file
   * system in turn; all at once, a large batch would flood the thread pool the database
   * driver and the rest of the process share. Every file is gone before this resolves, so no
   * row is marked DELETED while its file remains; the first failure is rethrown then.
   */
  private async removeAudio(keys: string[]): Promise<void> {
    let next = 0;
    let failure: unknown = null;
    const lane = async () => {
      while (next < keys.length) {
        const key = keys[next++];
        await this.store.delete(key).catch((error: unknown) => {
          failure ??= error;
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(UNLINK_CONCURRENCY, keys.length) }, lane));
    if (failure) throw failure;
  }

  /** Finishes deletions that a crashed run left in DELETING, however many it left. */
  public async resumeInterrupted(batchSize = 1000): Promise<number> {
    let total = 0;
    for (;;) {
      const stranded = await this.prisma.recording.findMany({
        where: { status: 'DELETING' },
        select: { id: true, storageKey: true, sizeBytes: true, sha256: true, twilioRecordingSid: true, deletedBy: true, deletionReason: true },
        take: batchSize,
      });
      const finished = await this.finish(stranded, { actorId: null });
      total += finished.length;
      // Fewer than asked for means none are left; none finished means another deleter has them.
      if (stranded.length < batchSize || finished.length === 0) break;
    }
    if (total > 0) this.logger.warn(`Finished ${total} deletion(s) an interrupted run left behind`);
    return total;
  }

  /** The active holds covering one recording, by name (for 409 answers and receipts). */
  public async holdsCovering(recordingId: string): Promise<{ id: string; name: string }[]> {
    return this.prisma.$queryRaw<{ id: string; name: string }[]>`
      SELECT h.id, h.name FROM "LegalHold" h, "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
      WHERE r.id = ${recordingId}::uuid AND h."releasedAt" IS NULL AND ${HOLD_COVERS}
      ORDER BY h."createdAt"`;
  }
}
