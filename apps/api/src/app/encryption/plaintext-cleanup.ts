import { Injectable } from '@nestjs/common';
import { errorMessage } from '../../common/errors/error-message';
import { RecordingVault } from '../../services/crypto/recording-vault';
import { PrismaService } from '../../services/prisma/prisma.service';
import { ObjectLockedError, plaintextKeyOf, RecordingStore } from '../../services/storage/recording-store';
import { RecordingStores } from '../../services/storage/recording-stores';

export interface EncryptionReport {
  dryRun: boolean;
  /** STORED unencrypted recordings when the run began. */
  total: number;
  totalBytes: number;
  encrypted: number;
  encryptedBytes: number;
  /** Plaintext that Object Lock keeps: rows not encrypted because of it, or encrypted rows whose plaintext the store refused to delete. */
  lockedPlaintext: string[];
  /** Changed while being encrypted (deleted, claimed, moved): left as they are. */
  skipped: string[];
  /** Not encrypted (read, hash or switch failed), or an earlier encryption that does not prove out. */
  failed: string[];
  /** Encrypted, but removing the plaintext failed for another reason than Object Lock: the next run retries. */
  leftovers: string[];
  /** Plaintext copies of rows encrypted by an earlier run that stopped before removing them. */
  cleaned: number;
  /** True when --limit stopped the run before every recording was visited. */
  stoppedAtLimit: boolean;
}

/** Removes the plaintext of a recording whose row now names its encrypted copy. */
export async function removePlaintext(store: RecordingStore, recordingId: string, key: string, report: EncryptionReport): Promise<boolean> {
  try {
    await store.delete(key);
    return true;
  } catch (error) {
    if (error instanceof ObjectLockedError) {
      const until = error.until ? ` until ${error.until.toISOString()}` : '';
      report.lockedPlaintext.push(
        `${recordingId} ${key}: encrypted, but the plaintext is kept by Object Lock${until}; run again after that`,
      );
    } else {
      report.leftovers.push(
        `${store.backend.toLowerCase()}:${key} (${recordingId} encrypted; removing the plaintext failed: ${errorMessage(error)})`,
      );
    }
    return false;
  }
}

/**
 * The resumable half of storage:encrypt: rows an earlier run switched to their `.enc` whose
 * plaintext it had no time (or, under Object Lock, no right) to remove. The plaintext goes only
 * after the encrypted copy is proven again through the vault (its plaintext hashes to the row's
 * sha256), so a lost or damaged `.enc` never costs the last readable copy.
 */
@Injectable()
export class PlaintextCleanup {
  public constructor(
    private readonly prisma: PrismaService,
    private readonly stores: RecordingStores,
    private readonly vault: RecordingVault,
  ) {}

  public async removeLeftovers(batch: number, report: EncryptionReport, out: (line: string) => void): Promise<number> {
    let cleaned = 0;
    let cursor: string | undefined;
    for (;;) {
      const rows = await this.prisma.recording.findMany({
        where: {
          status: 'STORED',
          encrypted: true,
          storageKey: { endsWith: '.enc' },
          sizeBytes: { not: null },
          ...(cursor ? { id: { gt: cursor } } : {}),
        },
        select: { id: true, storageBackend: true, storageKey: true, sizeBytes: true, sha256: true },
        orderBy: { id: 'asc' },
        take: batch,
      });
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1].id;
      for (const row of rows) {
        const store = this.stores.of(row.storageBackend);
        const key = row.storageKey as string;
        const plaintext = plaintextKeyOf(key);
        if ((await store.stat(plaintext)) === null) continue;
        const media = {
          id: row.id,
          storageBackend: row.storageBackend,
          storageKey: key,
          sizeBytes: row.sizeBytes as number,
          encrypted: true,
        };
        const proven = await this.vault.sha256(media).catch((error: unknown) => `unreadable (${errorMessage(error)})`);
        if (proven !== row.sha256) {
          report.failed.push(
            `${row.id} ${key}: the encrypted copy does not decrypt to the row's sha256 (${proven}); its plaintext ${plaintext} is kept`,
          );
          continue;
        }
        if (await removePlaintext(store, row.id, plaintext, report)) cleaned += 1;
      }
    }
    if (cleaned > 0) out(`Removed ${cleaned} plaintext copies left by an earlier run`);
    return cleaned;
  }
}
