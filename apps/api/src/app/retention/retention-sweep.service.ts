import { Injectable, Logger } from '@nestjs/common';
import { RetentionPreview, RetentionRunDto } from '@callrec/contracts';
import { randomUUID } from 'node:crypto';
import { RetentionRun } from '../../generated/prisma/client';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RedisService } from '../../services/redis/redis.service';
import { AuditWriter } from '../audit/audit.writer';
import { HOLD_COVERS, UNDER_ACTIVE_HOLD } from '../legal-holds/hold-coverage';
import { LOCKED_IN_STORE } from '../object-lock/deciding-policy.sql';
import { ClaimedRecording, DeletionOrder, FinishedDeletions, RecordingDeleter } from '../recordings/deletion/recording.deleter';
import { EXPIRED_RECORDINGS, expiredAmong, SweepCursor, sweepWindow } from './retention-sql';
import { asError, errorMessage } from '../../common/errors/error-message';

// Calls looked at per batch: large enough that the per-batch round trips and commits are
// spread thin, small enough that one batch's transaction stays short.
const WINDOW_SIZE = 1000;
const LOCK_KEY = 'callrec:retention:sweep-lock';
const LOCK_TTL_MS = 5 * 60_000;

interface Totals {
  matched: number;
  deleted: number;
  skippedHeld: number;
  skippedLocked: number;
  bytesFreed: number;
  failed: number;
  failedIds: string[];
}

interface Candidate {
  id: string;
  held: boolean;
  /** Object Lock still protects its object in the store (see LOCKED_IN_STORE). */
  locked: boolean;
  policyId: string;
  policyName: string;
  retainDays: number;
}

/**
 * Enforces retention: deletes expired recordings in batches, never one a legal hold covers nor
 * one Object Lock still protects in the bucket (spared and counted until the lock allows: a
 * policy shortened after the lock was set), and writes a RetentionRun and an audit event. One sweep at a time per cluster (a Redis
 * lease); even without it, each recording is claimed by exactly one deleter.
 */
@Injectable()
export class RetentionSweepService {
  private readonly logger = new Logger(RetentionSweepService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly deleter: RecordingDeleter,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {}

  public async preview(): Promise<RetentionPreview> {
    const groups = await this.prisma.$queryRaw<
      {
        policyId: string;
        name: string;
        held: boolean;
        locked: boolean;
        count: bigint;
        bytes: bigint | null;
        oldest: Date;
        newest: Date;
        lockedUntil: Date | null;
      }[]
    >`
      SELECT p.id AS "policyId", p.name, ${UNDER_ACTIVE_HOLD} AS held, ${LOCKED_IN_STORE} AS locked, count(*) AS count,
             sum(r."sizeBytes") AS bytes, min(c."placedAt") AS oldest, max(c."placedAt") AS newest,
             max(r."lockedUntil") AS "lockedUntil"
      ${EXPIRED_RECORDINGS}
      GROUP BY p.id, p.name, held, locked`;
    const byHold = await this.prisma.$queryRaw<{ holdId: string; name: string; count: bigint }[]>`
      SELECT h.id AS "holdId", h.name, count(*) AS count
      FROM "LegalHold" h
      JOIN LATERAL (SELECT r.id ${EXPIRED_RECORDINGS} AND ${HOLD_COVERS}) spared ON true
      WHERE h."releasedAt" IS NULL
      GROUP BY h.id, h.name ORDER BY h.name`;
    const toDelete = groups.filter((g) => !g.held && !g.locked);
    const locked = groups.filter((g) => !g.held && g.locked);
    const lockedUntil = locked.reduce<Date | null>(
      (latest, g) => (g.lockedUntil && (!latest || g.lockedUntil > latest) ? g.lockedUntil : latest),
      null,
    );
    return {
      total: toDelete.reduce((sum, g) => sum + Number(g.count), 0),
      bytes: toDelete.reduce((sum, g) => sum + Number(g.bytes ?? 0), 0),
      byPolicy: toDelete
        .map((g) => ({
          policyId: g.policyId,
          name: g.name,
          count: Number(g.count),
          bytes: Number(g.bytes ?? 0),
          oldestPlacedAt: g.oldest.toISOString(),
          newestPlacedAt: g.newest.toISOString(),
        }))
        .sort((a, b) => b.count - a.count),
      spared: {
        held: groups.filter((g) => g.held).reduce((sum, g) => sum + Number(g.count), 0),
        byHold: byHold.map((h) => ({ holdId: h.holdId, name: h.name, count: Number(h.count) })),
        // Locked in the store until (at the latest) `until`: deleted by a sweep after that.
        locked: { count: locked.reduce((sum, g) => sum + Number(g.count), 0), until: lockedUntil?.toISOString() ?? null },
      },
    };
  }

  /** Gives back our own lease; an expired one may already belong to another sweep. */
  private async release(lease: string): Promise<void> {
    await this.redis.client
      .eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, LOCK_KEY, lease)
      .catch(() => undefined);
  }

  /** Runs one sweep; returns null when another sweep holds the lease. */
  public async sweep(trigger: string, triggeredBy: string | null = null): Promise<RetentionRunDto | null> {
    const lease = randomUUID();
    const acquired = await this.redis.client.set(LOCK_KEY, lease, 'PX', LOCK_TTL_MS, 'NX');
    if (acquired !== 'OK') {
      this.logger.warn('A retention sweep is already running elsewhere; this one stands down');
      return null;
    }
    const renew = setInterval(() => void this.redis.client.pexpire(LOCK_KEY, LOCK_TTL_MS), LOCK_TTL_MS / 3);
    const started = performance.now();
    let run: RetentionRun;
    try {
      run = await this.prisma.retentionRun.create({ data: { trigger, triggeredBy } });
    } catch (caught) {
      // Without its run row there is no sweep: give the lease back at once. Kept, its renewal
      // would hold it for as long as this process lives and every later sweep would stand down.
      clearInterval(renew);
      await this.release(lease);
      throw caught;
    }
    const totals: Totals = { matched: 0, deleted: 0, skippedHeld: 0, skippedLocked: 0, bytesFreed: 0, failed: 0, failedIds: [] };
    let error: string | null = null;
    try {
      this.count(await this.deleter.resumeInterrupted(), totals);
      await this.walk(totals);
    } catch (caught) {
      error = errorMessage(caught);
      this.logger.error(`Retention sweep failed: ${error}`, asError(caught).stack);
    } finally {
      clearInterval(renew);
      await this.release(lease);
    }
    const finished = await this.prisma.retentionRun.update({
      where: { id: run.id },
      data: { ...totals, bytesFreed: BigInt(totals.bytesFreed), finishedAt: new Date(), error },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const { failedIds, ...counts } = totals;
    // The ids of what could not be removed go in the event too (each also has its own RECORDING_DELETION_FAILED).
    await this.audit.record({
      action: 'RETENTION_RUN',
      actorId: null,
      details: {
        runId: run.id,
        trigger,
        ...counts,
        ...(failedIds.length > 0 ? { failedIds: failedIds.slice(0, 100) } : {}),
        error,
        seconds,
      },
    });
    this.logger.log({ ...counts, seconds, error }, `Retention sweep deleted ${totals.deleted} recording(s) in ${seconds}s`);
    if (totals.failed > 0)
      this.logger.error(`Retention could not remove the audio of ${totals.failed} recording(s); see the Pipeline page`);
    return toRunDto(finished);
  }

  /**
   * Walks the expired calls window by window (see sweepWindow). The audio of one batch is
   * unlinked and its rows finished while the next batch is looked up and claimed: the file
   * system and the database then work at the same time instead of taking turns, which is most
   * of a sweep's length. At most two batches are ever claimed and unfinished, and each still
   * goes STORED → DELETING → (files gone) → DELETED, so a crash leaves nothing the next
   * sweep's resumeInterrupted cannot finish.
   */
  private async walk(totals: Totals): Promise<void> {
    let inFlight: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    let after: SweepCursor | null = null;
    try {
      for (;;) {
        const calls: SweepCursor[] = await this.prisma.$queryRaw<SweepCursor[]>(sweepWindow(after, WINDOW_SIZE));
        if (calls.length === 0) break;
        after = calls[calls.length - 1];
        const expired = await this.prisma.$queryRaw<Candidate[]>(expiredAmong(calls.map((c) => c.id)));
        // Counted as the walk meets them, so the run needs no separate pass over the whole set.
        totals.matched += expired.length;
        totals.skippedHeld += expired.filter((c) => c.held).length;
        // The store would refuse these until their lock ends: spared and counted, not failed.
        totals.skippedLocked += expired.filter((c) => !c.held && c.locked).length;
        const claimed: { claim: ClaimedRecording[]; order: DeletionOrder }[] = [];
        for (const group of groupByPolicy(expired.filter((c) => !c.held && !c.locked))) {
          const policyName = group[0].policyName;
          const order = {
            deletedBy: `retention:${policyName}`,
            reason: `Retention expired: older than ${group[0].retainDays} days under policy '${policyName}'`,
            actorId: null,
          };
          claimed.push({
            claim: await this.deleter.claim(
              group.map((c) => c.id),
              order,
            ),
            order,
          });
        }
        await inFlight;
        if (failure) throw failure;
        inFlight = this.finishAll(claimed, totals).catch((error: unknown) => {
          failure = error;
        });
      }
    } finally {
      await inFlight;
    }
    if (failure) throw failure;
  }

  private async finishAll(batches: { claim: ClaimedRecording[]; order: DeletionOrder }[], totals: Totals): Promise<void> {
    for (const { claim, order } of batches) this.count(await this.deleter.finish(claim, order), totals);
  }

  private count(finished: FinishedDeletions, totals: Totals): void {
    totals.deleted += finished.deleted.length;
    totals.bytesFreed += finished.deleted.reduce((sum, r) => sum + (r.sizeBytes ?? 0), 0);
    totals.failed += finished.failed.length;
    totals.failedIds.push(...finished.failed.map((f) => f.recording.id));
  }

  public async runs(limit = 50): Promise<RetentionRunDto[]> {
    const rows = await this.prisma.retentionRun.findMany({ orderBy: { startedAt: 'desc' }, take: limit });
    return rows.map(toRunDto);
  }
}

function groupByPolicy(candidates: Candidate[]): Candidate[][] {
  const groups = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const group = groups.get(candidate.policyId) ?? [];
    group.push(candidate);
    groups.set(candidate.policyId, group);
  }
  return [...groups.values()];
}

export function toRunDto(run: RetentionRun): RetentionRunDto {
  return {
    id: run.id,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    dryRun: run.dryRun,
    matched: run.matched,
    deleted: run.deleted,
    skippedHeld: run.skippedHeld,
    skippedLocked: run.skippedLocked,
    bytesFreed: Number(run.bytesFreed),
    failed: run.failed,
    failedIds: run.failedIds,
    error: run.error,
    trigger: run.trigger,
  };
}
