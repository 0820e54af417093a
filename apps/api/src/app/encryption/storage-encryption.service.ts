import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errorMessage } from '../../common/errors/error-message';
import { RecordingVault, Sealer } from '../../services/crypto/recording-vault';
import { PrismaService } from '../../services/prisma/prisma.service';
import { encryptedKeyOf, ObjectLockPlan, PendingWrite, RecordingStore, StorageBackend } from '../../services/storage/recording-store';
import { RecordingStores } from '../../services/storage/recording-stores';
import { AuditWriter } from '../audit/audit.writer';
import { StorageEncryptionLock } from './command-locks';
import { EncryptionArgs } from './encryption.args';
import { EncryptionSetupError } from './key-rotation.service';
import { EncryptionReport, PlaintextCleanup, removePlaintext } from './plaintext-cleanup';

interface Candidate {
  id: string;
  storageBackend: StorageBackend | null;
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  lockedUntil: Date | null;
  objectLegalHold: boolean;
}

type Outcome = 'encrypted' | 'skipped' | 'failed';

/**
 * storage:encrypt (design 9.5): encrypts the recordings stored before ENCRYPTION_KEYS was set,
 * each on the store its row names. Per recording: read the plaintext, hash it (it must match the
 * row's sha256) while sealing it under a new data key into `<key>.enc`; switch the row under a
 * row lock (still STORED there, same key, unclaimed), committing the object and saving the key
 * in that transaction with an audit event; then remove the plaintext. A crash leaves either the
 * row on the plaintext (a `.enc` written meanwhile is overwritten by the next run) or the row on
 * the `.enc` with its plaintext still there (removed by the next run once the `.enc` is proven).
 */
@Injectable()
export class StorageEncryptionService {
  private readonly logger = new Logger(StorageEncryptionService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly cleanup: PlaintextCleanup,
    private readonly lock: StorageEncryptionLock,
    private readonly prisma: PrismaService,
    private readonly stores: RecordingStores,
    private readonly vault: RecordingVault,
  ) {}

  public async run(args: EncryptionArgs, out: (line: string) => void = () => undefined): Promise<EncryptionReport> {
    if (!this.vault.encrypting) throw new EncryptionSetupError('storage:encrypt');
    return this.lock.holding(() => this.encrypt(args, out));
  }

  private async encrypt(args: EncryptionArgs, out: (line: string) => void): Promise<EncryptionReport> {
    const unencrypted = {
      status: 'STORED',
      encrypted: false,
      storageKey: { not: null },
      sha256: { not: null },
      sizeBytes: { not: null },
    } as const;
    const totals = await this.prisma.recording.aggregate({ where: unencrypted, _count: true, _sum: { sizeBytes: true } });
    const report: EncryptionReport = {
      dryRun: args.dryRun,
      total: totals._count,
      totalBytes: totals._sum.sizeBytes ?? 0,
      encrypted: 0,
      encryptedBytes: 0,
      lockedPlaintext: [],
      skipped: [],
      failed: [],
      leftovers: [],
      cleaned: 0,
      stoppedAtLimit: false,
    };
    const mb = (bytes: number) => (bytes / 1_000_000).toFixed(1);
    if (args.dryRun) {
      out(`Dry run: ${report.total} unencrypted recordings (${mb(report.totalBytes)} MB) would be encrypted`);
      return report;
    }
    report.cleaned = await this.cleanup.removeLeftovers(args.batch, report, out);
    out(`Encrypting ${report.total} recordings (${mb(report.totalBytes)} MB)`);
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
        where: { ...unencrypted, ...(cursor ? { id: { gt: cursor } } : {}) },
        select: {
          id: true,
          storageBackend: true,
          storageKey: true,
          sizeBytes: true,
          sha256: true,
          lockedUntil: true,
          objectLegalHold: true,
        },
        orderBy: { id: 'asc' },
        take: room,
      });
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1].id;
      for (const row of rows as Candidate[]) {
        visited += 1;
        if ((await this.encryptOne(row, report)) === 'encrypted') {
          report.encrypted += 1;
          report.encryptedBytes += row.sizeBytes;
        }
      }
      const seconds = Math.max(Date.now() - started, 1) / 1000;
      out(
        `${visited}/${report.total} recordings, ${report.encrypted} encrypted, ${mb(report.encryptedBytes)} MB, ` +
          `${(report.encryptedBytes / 1_000_000 / seconds).toFixed(1)} MB/s, ${report.failed.length} failed`,
      );
    }
    out(
      `Encrypted ${report.encrypted} of ${report.total} recordings; ${report.failed.length} failed, ${report.skipped.length} skipped, ` +
        `${report.lockedPlaintext.length} kept by Object Lock, ${report.leftovers.length} leftovers, ` +
        `${report.cleaned} earlier plaintext copies removed${report.stoppedAtLimit ? ' (stopped at --limit)' : ''}`,
    );
    for (const line of report.failed) out(`  failed: ${line}`);
    for (const line of report.lockedPlaintext) out(`  locked: ${line}`);
    for (const line of report.skipped) out(`  skipped: ${line}`);
    for (const line of report.leftovers) out(`  leftover: ${line}`);
    return report;
  }

  private async encryptOne(row: Candidate, report: EncryptionReport): Promise<Outcome> {
    // Encrypting a recording whose plaintext must stay would leave both: the plaintext is the exposure.
    if (row.objectLegalHold || (row.lockedUntil !== null && row.lockedUntil > new Date())) {
      const why = row.objectLegalHold ? 'under an Object Lock legal hold' : `locked by Object Lock until ${row.lockedUntil?.toISOString()}`;
      report.lockedPlaintext.push(`${row.id} ${row.storageKey}: not encrypted, its plaintext is ${why}`);
      return 'skipped';
    }
    const store = this.stores.of(row.storageBackend);
    const target = encryptedKeyOf(row.storageKey);
    let write: PendingWrite | null = null;
    try {
      const sealer = (await this.vault.sealer(row.id)) as Sealer;
      write = await store.beginWrite(target);
      const hash = createHash('sha256');
      const hashing = new Transform({
        transform: (chunk: Buffer, _encoding, done) => {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(await store.read(row.storageKey), hashing, sealer.transform, write.stream);
      const read = hash.digest('hex');
      if (read !== row.sha256) {
        report.failed.push(`${row.id} ${row.storageKey}: the plaintext hashes to ${read}, not the row's ${row.sha256}; left unencrypted`);
        await write.discard();
        return 'failed';
      }
      const switched = await this.switchRow(row, store, write, sealer);
      if (!switched) {
        this.logger.log(`${row.id} changed while it was encrypted (deleted, claimed or moved): left as it is`);
        report.skipped.push(`${row.id} ${row.storageKey}: changed meanwhile (deleted, claimed or moved)`);
        await write.discard();
        return 'skipped';
      }
    } catch (error) {
      this.logger.warn(`Encrypting ${row.id} (${row.storageKey}) failed: ${errorMessage(error)}`);
      report.failed.push(`${row.id} ${row.storageKey}: ${errorMessage(error)}`);
      await write?.discard().catch(() => undefined);
      return 'failed';
    }
    await removePlaintext(store, row.id, row.storageKey, report);
    return 'encrypted';
  }

  /**
   * The row switches only if it is still what was read: STORED on this store, same key, not yet
   * encrypted, claimed by no run (a deletion in progress holds a claim). Under FOR UPDATE, so a
   * deletion starting now waits and then finds the encrypted object and its key. The object is
   * committed last inside the transaction (as downloads do): a row that changed leaves nothing to
   * clean up, and a crash before COMMIT leaves a `.enc` the next run overwrites.
   */
  private async switchRow(row: Candidate, store: RecordingStore, write: PendingWrite, sealer: Sealer): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<
        { status: string; storageBackend: string | null; storageKey: string | null; claimToken: string | null; encrypted: boolean }[]
      >`
        SELECT status::text AS status, "storageBackend"::text AS "storageBackend", "storageKey", "claimToken", encrypted
        FROM "Recording" WHERE id = ${row.id}::uuid FOR UPDATE`;
      if (
        !current ||
        current.status !== 'STORED' ||
        (current.storageBackend ?? StorageBackend.LOCAL) !== store.backend ||
        current.storageKey !== row.storageKey ||
        current.claimToken !== null ||
        current.encrypted
      ) {
        return false;
      }
      await tx.recording.update({ where: { id: row.id }, data: { storageKey: write.key, encrypted: true, keyShreddedAt: null } });
      await this.vault.saveKey(tx, row.id, sealer.key);
      await this.audit.record(
        {
          action: 'RECORDING_ENCRYPTED',
          actorId: null,
          recordingId: row.id,
          details: { from: row.storageKey, to: write.key, kekId: sealer.key.kekId, sha256: row.sha256, storageBackend: store.backend },
        },
        tx,
      );
      await write.commit(this.lockPlan(row, store));
      return true;
    });
  }

  /** The row's Object Lock, carried to the encrypted copy where the store locks. */
  private lockPlan(row: Candidate, store: RecordingStore): ObjectLockPlan | undefined {
    if (this.stores.lockMode === 'off' || store.backend !== StorageBackend.S3) return undefined;
    const future = row.lockedUntil !== null && row.lockedUntil > new Date();
    return { retainUntil: future ? row.lockedUntil : null, legalHold: row.objectLegalHold };
  }
}
