import { Injectable, Logger } from '@nestjs/common';
import { errorMessage } from '../../common/errors/error-message';
import { KeyEncryption } from '../../services/crypto/key-encryption';
import { PrismaService } from '../../services/prisma/prisma.service';
import { AuditWriter } from '../audit/audit.writer';
import { KeyRotationLock } from './command-locks';
import { perKek, RotationArgs } from './encryption.args';

/** The command cannot run as configured (no KEK): exit code 2 with what to set. */
export class EncryptionSetupError extends Error {
  public constructor(command: string) {
    super(
      `${command} needs ENCRYPTION_KEYS (or ENCRYPTION_KEYS_FILE): no key-encryption key is configured. ` +
        'Make one with: openssl rand -base64 32, and set ENCRYPTION_KEYS=<id>:<that base64> (the active key first)',
    );
    this.name = 'EncryptionSetupError';
  }
}

export interface RotationReport {
  activeKekId: string;
  dryRun: boolean;
  /** Data keys under another KEK than the active one when the run began, per KEK. */
  pending: Record<string, number>;
  rewrapped: number;
  /** Rewrapped data keys per the KEK that wrapped them before. */
  byKek: Record<string, number>;
  /** Deleted or rewrapped by someone else while this run read them: nothing to do. */
  skipped: number;
  /** Not rewrapped: the KEK is not in the keyring, or the wrapped key does not open. `<recordingId> <kekId>: why`. */
  failed: string[];
  /** Every KEK still wrapping a data key after the run, with how many. */
  inUse: Record<string, number>;
}

/**
 * keys:rotate (design 9.5): rewraps every data key that is not under the active KEK, so an old
 * KEK can be retired. The audio is never touched: only RecordingKey rows change, each by a
 * conditional update (same recording, same old KEK), so a deletion (which removes the row) or
 * another rewrap meanwhile is simply not overwritten. Rerunning is always safe.
 */
@Injectable()
export class KeyRotationService {
  private readonly logger = new Logger(KeyRotationService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly keys: KeyEncryption,
    private readonly lock: KeyRotationLock,
    private readonly prisma: PrismaService,
  ) {}

  public async run(args: RotationArgs, out: (line: string) => void = () => undefined): Promise<RotationReport> {
    const active = this.keys.activeKekId;
    if (active === null) throw new EncryptionSetupError('keys:rotate');
    return this.lock.holding(() => this.rotate(args, active, out));
  }

  private async rotate(args: RotationArgs, active: string, out: (line: string) => void): Promise<RotationReport> {
    const pending = await this.countByKek({ kekId: { not: active } });
    const total = Object.values(pending).reduce((sum, n) => sum + n, 0);
    const report: RotationReport = {
      activeKekId: active,
      dryRun: args.dryRun,
      pending,
      rewrapped: 0,
      byKek: {},
      skipped: 0,
      failed: [],
      inUse: {},
    };
    const missing = Object.keys(pending).filter((kekId) => !this.keys.kekIds().includes(kekId));
    if (args.dryRun) {
      out(`Dry run: ${total} data keys would be rewrapped under "${active}" (now under: ${perKek(pending)})`);
      if (missing.length > 0) out(`  not in the keyring, so they cannot be rewrapped: ${missing.join(', ')}`);
      report.inUse = await this.countByKek({});
      return report;
    }
    out(`Rewrapping ${total} data keys under "${active}" (now under: ${perKek(pending)})`);
    let cursor: string | undefined;
    let visited = 0;
    for (;;) {
      await this.lock.stillHeld();
      const rows = await this.prisma.recordingKey.findMany({
        where: { kekId: { not: active }, ...(cursor ? { recordingId: { gt: cursor } } : {}) },
        select: { recordingId: true, kekId: true, wrappedDek: true },
        orderBy: { recordingId: 'asc' },
        take: args.batch,
      });
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1].recordingId;
      for (const row of rows) {
        visited += 1;
        await this.rewrapOne(row, report);
      }
      out(`${visited}/${total} data keys visited, ${report.rewrapped} rewrapped (${perKek(report.byKek)}), ${report.failed.length} failed`);
    }
    await this.audit.record({
      action: 'ENCRYPTION_KEYS_ROTATED',
      actorId: null,
      details: { activeKekId: active, rewrapped: report.rewrapped, byKek: report.byKek, failed: report.failed.length },
    });
    report.inUse = await this.countByKek({});
    out(
      `Rewrapped ${report.rewrapped} of ${total} data keys under "${active}"; ${report.failed.length} failed, ` +
        `${report.skipped} changed meanwhile (deleted or rewrapped by another run)`,
    );
    for (const line of report.failed) out(`  failed: ${line}`);
    this.printInUse(report.inUse, out);
    return report;
  }

  private async rewrapOne(row: { recordingId: string; kekId: string; wrappedDek: Uint8Array }, report: RotationReport): Promise<void> {
    let dek: Buffer | null = null;
    try {
      dek = await this.keys.unwrap({ kekId: row.kekId, wrapped: Buffer.from(row.wrappedDek) }, row.recordingId);
      const next = await this.keys.wrap(dek, row.recordingId);
      const { count } = await this.prisma.recordingKey.updateMany({
        where: { recordingId: row.recordingId, kekId: row.kekId },
        data: { kekId: next.kekId, wrappedDek: new Uint8Array(next.wrapped), rotatedAt: new Date() },
      });
      if (count === 0) {
        report.skipped += 1;
        return;
      }
      report.rewrapped += 1;
      report.byKek[row.kekId] = (report.byKek[row.kekId] ?? 0) + 1;
    } catch (error) {
      // UnknownKekError and KeyUnwrapError name the KEK and the recording, never key material.
      this.logger.warn(`Rewrapping the data key of ${row.recordingId} failed: ${errorMessage(error)}`);
      report.failed.push(`${row.recordingId} ${row.kekId}: ${errorMessage(error)}`);
    } finally {
      dek?.fill(0);
    }
  }

  /** What the operator needs to retire a KEK: which ones still wrap a data key. */
  private printInUse(inUse: Record<string, number>, out: (line: string) => void): void {
    out(`Key-encryption keys still in use: ${perKek(inUse)}`);
    const unused = this.keys.kekIds().filter((kekId) => !(kekId in inUse) && kekId !== this.keys.activeKekId);
    if (unused.length > 0) {
      out(
        `Not used by any data key: ${unused.join(', ')}. Remove them from ENCRYPTION_KEYS once the database backups ` +
          'taken before this run have expired (those backups still hold data keys wrapped by them).',
      );
    }
  }

  private async countByKek(where: { kekId?: { not: string } }): Promise<Record<string, number>> {
    const groups = await this.prisma.recordingKey.groupBy({ by: ['kekId'], where, _count: { _all: true } });
    return Object.fromEntries(groups.map((group) => [group.kekId, group._count._all]));
  }
}
