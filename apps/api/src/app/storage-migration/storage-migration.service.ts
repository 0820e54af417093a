import { Injectable, Logger } from '@nestjs/common';
import { pipeline } from 'node:stream/promises';
import { errorMessage } from '../../common/errors/error-message';
import { RecordingVault } from '../../services/crypto/recording-vault';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RecordingStore, StorageBackend } from '../../services/storage/recording-store';
import { RecordingStores } from '../../services/storage/recording-stores';
import { AuditWriter } from '../audit/audit.writer';
import { MigrationArgs, progressLine } from './storage-migration.args';
import { MigrationLock } from './migration.lock';
import { Candidate, MigrationReport, MigrationSetupError, onBackend } from './storage-migration.report';

export { MigrationSetupError, type MigrationReport } from './storage-migration.report';

type Outcome = 'moved' | 'skipped' | 'failed';

/**
 * storage:migrate (design 9.4): moves every STORED recording into one store. Per recording:
 * copy, verify what the target holds against the row's sha256, switch the row under a row lock
 * (re-checking it is still STORED in the source store) with an audit event, then remove the
 * source copy. A crash anywhere leaves either the row on the source (the copy is redone) or the
 * row on the target with a source copy that the next run removes: rerunning is always safe.
 */
@Injectable()
export class StorageMigrationService {
  private readonly logger = new Logger(StorageMigrationService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly lock: MigrationLock,
    private readonly prisma: PrismaService,
    private readonly stores: RecordingStores,
    private readonly vault: RecordingVault,
  ) {}

  public async run(args: MigrationArgs, out: (line: string) => void = () => undefined): Promise<MigrationReport> {
    const { source, target } = this.storesFor(args.to);
    return this.lock.holding(() => this.migrate(args, source, target, out));
  }

  private storesFor(to: StorageBackend): { source: RecordingStore; target: RecordingStore } {
    const all = this.stores.all();
    const target = all.find((store) => store.backend === to);
    const source = all.find((store) => store.backend !== to);
    if (!target || !source) {
      throw new MigrationSetupError(
        'storage:migrate needs both stores: RECORDINGS_DIR and an S3 bucket (S3_BUCKET, S3_ENDPOINT, S3_REGION, ' +
          'S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE); S3_BUCKET is not set',
      );
    }
    return { source, target };
  }

  private async migrate(
    args: MigrationArgs,
    source: RecordingStore,
    target: RecordingStore,
    out: (line: string) => void,
  ): Promise<MigrationReport> {
    const onSource = onBackend(source.backend);
    const totals = await this.prisma.recording.aggregate({
      where: { status: 'STORED', ...onSource },
      _count: true,
      _sum: { sizeBytes: true },
    });
    const report: MigrationReport = {
      to: target.backend,
      dryRun: args.dryRun,
      total: totals._count,
      totalBytes: totals._sum.sizeBytes ?? 0,
      moved: 0,
      movedBytes: 0,
      skipped: [],
      failed: [],
      leftovers: [],
      cleaned: 0,
      stoppedAtLimit: false,
    };
    const from = source.backend.toLowerCase();
    const to = target.backend.toLowerCase();
    if (args.dryRun) {
      out(`Dry run: ${report.total} recordings (${(report.totalBytes / 1_000_000).toFixed(1)} MB) would move from ${from} to ${to}`);
      return report;
    }
    report.cleaned = await this.cleanLeftovers(source, target, args.batch, report, out);
    out(`Moving ${report.total} recordings (${(report.totalBytes / 1_000_000).toFixed(1)} MB) from ${from} to ${to}`);
    const started = Date.now();
    let visited = 0;
    let cursor: string | undefined;
    for (;;) {
      await this.lock.stillHeld();
      const room = args.limit === null ? args.batch : Math.min(args.batch, args.limit - visited);
      if (room <= 0) {
        report.stoppedAtLimit = true;
        break;
      }
      const rows = await this.prisma.recording.findMany({
        where: {
          status: 'STORED',
          storageKey: { not: null },
          sha256: { not: null },
          sizeBytes: { not: null },
          ...onSource,
          ...(cursor ? { id: { gt: cursor } } : {}),
        },
        select: { id: true, storageKey: true, sizeBytes: true, sha256: true, lockedUntil: true, objectLegalHold: true, encrypted: true },
        orderBy: { id: 'asc' },
        take: room,
      });
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1].id;
      for (const row of rows as Candidate[]) {
        visited += 1;
        const outcome = await this.moveOne(row, source, target, report);
        if (outcome === 'moved') {
          report.moved += 1;
          report.movedBytes += row.sizeBytes;
        }
      }
      out(progressLine({ done: visited, total: report.total, bytes: report.movedBytes, elapsedMs: Date.now() - started }));
    }
    out(
      `Moved ${report.moved} of ${report.total} recordings to ${to}; ${report.failed.length} failed, ${report.skipped.length} skipped, ` +
        `${report.leftovers.length} leftovers, ${report.cleaned} earlier leftovers removed${report.stoppedAtLimit ? ' (stopped at --limit)' : ''}`,
    );
    for (const line of report.failed) out(`  failed: ${line}`);
    for (const line of report.leftovers) out(`  leftover: ${line}`);
    return report;
  }

  private async moveOne(row: Candidate, source: RecordingStore, target: RecordingStore, report: MigrationReport): Promise<Outcome> {
    const key = row.storageKey;
    try {
      await this.copy(key, source, target, { retainUntil: row.lockedUntil, legalHold: row.objectLegalHold });
    } catch (error) {
      this.logger.warn(`Copying ${row.id} (${key}) failed: ${errorMessage(error)}`);
      report.failed.push(`${row.id} ${key}: copy failed: ${errorMessage(error)}`);
      return 'failed';
    }
    const arrived = await this.sha256Of(row, target).catch((error: unknown) => `unreadable (${errorMessage(error)})`);
    if (arrived !== row.sha256) {
      report.failed.push(
        `${row.id} ${key}: the ${target.backend} copy hashes to ${arrived}, not ${row.sha256}; the row stays on ${source.backend}`,
      );
      await this.discardCopy(row, target, report);
      return 'failed';
    }
    let switched: boolean;
    try {
      switched = await this.switchRow(row, source.backend, target.backend);
    } catch (error) {
      report.failed.push(`${row.id} ${key}: switching the row failed: ${errorMessage(error)}`);
      await this.discardCopy(row, target, report);
      return 'failed';
    }
    if (!switched) {
      this.logger.log(`${row.id} changed while it was copied (deleted, claimed or moved): left as it is`);
      report.skipped.push(`${row.id} ${key}`);
      await this.discardCopy(row, target, report);
      return 'skipped';
    }
    await source.delete(key).catch((error: unknown) => {
      report.leftovers.push(
        `${source.backend.toLowerCase()}:${key} (${row.id} moved; removing the source copy failed: ${errorMessage(error)})`,
      );
    });
    return 'moved';
  }

  private async copy(
    key: string,
    source: RecordingStore,
    target: RecordingStore,
    lock: { retainUntil: Date | null; legalHold: boolean },
  ): Promise<void> {
    const write = await target.beginWrite(key);
    try {
      await pipeline(await source.read(key), write.stream);
      await write.commit(lock);
    } catch (error) {
      await write.discard().catch(() => undefined);
      throw error;
    }
  }

  /**
   * The row moves only if it is still what was copied: STORED, in the source store, same key,
   * claimed by no run (a deletion or download in progress holds a claim). Under FOR UPDATE, so a
   * deletion that starts now waits and then finds the row in its new store.
   */
  private async switchRow(row: Candidate, from: StorageBackend, to: StorageBackend): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<
        { status: string; storageBackend: string | null; storageKey: string | null; claimToken: string | null }[]
      >`
        SELECT status::text AS status, "storageBackend"::text AS "storageBackend", "storageKey", "claimToken"
        FROM "Recording" WHERE id = ${row.id}::uuid FOR UPDATE`;
      const backend = current?.storageBackend ?? StorageBackend.LOCAL;
      if (
        !current ||
        current.status !== 'STORED' ||
        backend !== from ||
        current.storageKey !== row.storageKey ||
        current.claimToken !== null
      ) {
        return false;
      }
      await tx.recording.update({ where: { id: row.id }, data: { storageBackend: to } });
      await this.audit.record(
        {
          action: 'RECORDING_STORAGE_MOVED',
          actorId: null,
          recordingId: row.id,
          details: { from, to, storageKey: row.storageKey, sha256: row.sha256, sizeBytes: row.sizeBytes },
        },
        tx,
      );
      return true;
    });
  }

  /** Removes a target copy the row does not point at; never one the row has meanwhile moved to. */
  private async discardCopy(row: Candidate, target: RecordingStore, report: MigrationReport): Promise<void> {
    const now = await this.prisma.recording.findUnique({
      where: { id: row.id },
      select: { status: true, storageBackend: true, storageKey: true },
    });
    if (
      now &&
      now.status !== 'DELETED' &&
      (now.storageBackend ?? StorageBackend.LOCAL) === target.backend &&
      now.storageKey === row.storageKey
    )
      return;
    await target.delete(row.storageKey).catch((error: unknown) => {
      report.leftovers.push(
        `${target.backend.toLowerCase()}:${row.storageKey} (copy of ${row.id} not used; removing it failed: ${errorMessage(error)})`,
      );
    });
  }

  /**
   * Rows an earlier run switched to the target whose source copy it had no time to remove. The
   * source copy is removed only after the target copy is proven again (sha256), so a target
   * object lost meanwhile never costs the last copy.
   */
  private async cleanLeftovers(
    source: RecordingStore,
    target: RecordingStore,
    batch: number,
    report: MigrationReport,
    out: (line: string) => void,
  ): Promise<number> {
    let cleaned = 0;
    let cursor: string | undefined;
    for (;;) {
      const rows = await this.prisma.recording.findMany({
        where: {
          status: 'STORED',
          storageKey: { not: null },
          ...onBackend(target.backend),
          ...(cursor ? { id: { gt: cursor } } : {}),
        },
        select: { id: true, storageKey: true, sha256: true, sizeBytes: true, encrypted: true },
        orderBy: { id: 'asc' },
        take: batch,
      });
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1].id;
      for (const row of rows) {
        const key = row.storageKey as string;
        if ((await source.stat(key)) === null) continue;
        const held =
          row.sizeBytes === null
            ? null
            : await this.sha256Of({ id: row.id, storageKey: key, sizeBytes: row.sizeBytes, encrypted: row.encrypted }, target).catch(
                () => null,
              );
        if (held === null || held !== row.sha256) {
          report.failed.push(
            `${row.id} ${key}: the row says ${target.backend}, whose copy does not hash to its sha256; the ${source.backend} copy is kept`,
          );
          continue;
        }
        await source.delete(key).then(
          () => (cleaned += 1),
          (error: unknown) => report.leftovers.push(`${source.backend.toLowerCase()}:${key} (${row.id}: ${errorMessage(error)})`),
        );
      }
    }
    if (cleaned > 0) out(`Removed ${cleaned} source copies left by an earlier run`);
    return cleaned;
  }

  /**
   * What a store's copy of a row hashes to, as the row's sha256 says it should: the plaintext.
   * An encrypted object is copied as it is (its chunks are bound to the recording, not to a store)
   * and read back through the vault with the row's own data key, which the move leaves alone.
   */
  private sha256Of(row: Pick<Candidate, 'id' | 'storageKey' | 'sizeBytes' | 'encrypted'>, store: RecordingStore): Promise<string> {
    return this.vault.sha256({
      id: row.id,
      storageBackend: store.backend,
      storageKey: row.storageKey,
      sizeBytes: row.sizeBytes,
      encrypted: row.encrypted,
    });
  }
}
