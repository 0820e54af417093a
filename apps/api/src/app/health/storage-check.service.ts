import { Injectable } from '@nestjs/common';
import { ChunkAuthenticationError } from '../../services/crypto/chunked-gcm';
import { KeyEncryption, KeyUnwrapError, UnknownKekError } from '../../services/crypto/key-encryption';
import { DataKeyMissingError, RecordingVault } from '../../services/crypto/recording-vault';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RecordingStore, StorageBackend } from '../../services/storage/recording-store';
import { RecordingStores } from '../../services/storage/recording-stores';
import { errorMessage } from '../../common/errors/error-message';

export interface StorageCheckResult {
  ok: boolean;
  checkedRows: number;
  checkedFiles: number;
  /** STORED rows whose file is missing or has the wrong size (an encrypted file's size is that of its ciphertext). */
  missingOrWrongSize: string[];
  /** DELETED rows whose file is still there. */
  notDeleted: string[];
  /** Files that no STORED or DELETING row points at. */
  orphanFiles: string[];
  /** STORED files whose plaintext no longer hashes to the stored sha256 (only with hashes: true). */
  hashMismatches: string[];
  /**
   * STORED encrypted files that cannot be read back, `<id> <key>: <why>`: a chunk that fails
   * authentication (altered or damaged; with hashes: true), or a data key that does not unwrap
   * (altered, or under a KEK this process is not given).
   */
  integrityFailures: string[];
  /** STORED encrypted rows without a data key: their audio is unreadable. */
  missingKeys: string[];
  /** DELETED rows that still have a data key: crypto-shredding did not happen for them. */
  keysNotShredded: string[];
  /** Deletions under way (or interrupted, finished by the next sweep). */
  deleting: number;
}

const PAGE = 5000;
const LIST_LIMIT = 100;

/** Reading a stored encrypted object failed because of what it or its key is, not because the store is down. */
const UNREADABLE = [ChunkAuthenticationError, DataKeyMissingError, KeyUnwrapError, UnknownKekError];

/**
 * Proves that storage and rows agree: the product's own consistency check, behind
 * `GET /api/health/storage` and `npm run check:storage`. Reads go through the vault, so sizes and
 * hashes are those of what the rows describe (the plaintext) whether or not the store holds it
 * encrypted; and encrypted rows are checked for their data keys (design 9.5).
 */
@Injectable()
export class StorageCheckService {
  public constructor(
    private readonly keys: KeyEncryption,
    private readonly prisma: PrismaService,
    private readonly stores: RecordingStores,
    private readonly vault: RecordingVault,
  ) {}

  public async check({ hashes = false }: { hashes?: boolean } = {}): Promise<StorageCheckResult> {
    const result: StorageCheckResult = {
      ok: true,
      checkedRows: 0,
      checkedFiles: 0,
      missingOrWrongSize: [],
      notDeleted: [],
      orphanFiles: [],
      hashMismatches: [],
      integrityFailures: [],
      missingKeys: [],
      keysNotShredded: [],
      deleting: 0,
    };
    const keks = new Set(this.keys.kekIds());
    // Per store: a key expected in the bucket says nothing about a file of that name on disk.
    const expected = new Map<StorageBackend, Set<string>>(this.stores.all().map((store) => [store.backend, new Set<string>()]));
    let cursor: string | undefined;
    for (;;) {
      const rows = await this.prisma.recording.findMany({
        where: { storageKey: { not: null } },
        select: {
          id: true,
          status: true,
          storageKey: true,
          storageBackend: true,
          sizeBytes: true,
          sha256: true,
          encrypted: true,
          dataKey: { select: { kekId: true } },
        },
        orderBy: { id: 'asc' },
        take: PAGE,
        ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      });
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1].id;
      for (const row of rows) {
        result.checkedRows += 1;
        const key = row.storageKey as string;
        const store = this.storeOf(row.storageBackend);
        if (!store) {
          // A row in a store this process cannot reach (S3 with no bucket configured): its object
          // cannot be proven, which is a finding of the check, not a reason for it to fail.
          if (row.status === 'STORED')
            push(result.missingOrWrongSize, `${row.id} ${row.storageBackend?.toLowerCase()}:${key} (store not configured)`);
          continue;
        }
        if (row.status === 'STORED' || row.status === 'DELETING') expected.get(store.backend)?.add(key);
        if (row.status === 'DELETING') result.deleting += 1;
        if (row.status !== 'STORED' && row.status !== 'DELETED') continue;
        const stat = await store.stat(key);
        if (row.status === 'DELETED') {
          if (stat) push(result.notDeleted, `${row.id} ${key}`);
          continue;
        }
        if (
          !stat ||
          row.sizeBytes === null ||
          stat.sizeBytes !== this.vault.storedSize({ sizeBytes: row.sizeBytes, encrypted: row.encrypted })
        ) {
          push(result.missingOrWrongSize, `${row.id} ${key}`);
          continue;
        }
        if (row.encrypted && !row.dataKey) continue; // listed by the key query below
        if (row.encrypted && row.dataKey && !keks.has(row.dataKey.kekId)) {
          // Cheap and certain without reading a byte: no read of this recording can succeed here.
          push(result.integrityFailures, `${row.id} ${key}: ${new UnknownKekError(row.dataKey.kekId).message}`);
          continue;
        }
        if (!hashes || !row.sha256) continue;
        const media = { id: row.id, storageBackend: store.backend, storageKey: key, sizeBytes: row.sizeBytes, encrypted: row.encrypted };
        try {
          if ((await this.vault.sha256(media)) !== row.sha256) push(result.hashMismatches, `${row.id} ${key}`);
        } catch (error) {
          if (!UNREADABLE.some((kind) => error instanceof kind)) throw error;
          push(result.integrityFailures, `${row.id} ${key}: ${errorMessage(error)}`);
        }
      }
    }
    for (const store of this.stores.all()) {
      const keys = expected.get(store.backend);
      for await (const key of store.list()) {
        result.checkedFiles += 1;
        if (!keys?.has(key))
          push(result.orphanFiles, store.backend === StorageBackend.LOCAL ? key : `${store.backend.toLowerCase()}:${key}`);
      }
    }
    await this.checkKeys(result);
    result.ok =
      result.missingOrWrongSize.length === 0 &&
      result.notDeleted.length === 0 &&
      result.orphanFiles.length === 0 &&
      result.hashMismatches.length === 0 &&
      result.integrityFailures.length === 0 &&
      result.missingKeys.length === 0 &&
      result.keysNotShredded.length === 0;
    return result;
  }

  /**
   * Keys against rows, in SQL (whatever the rows' storage keys): a STORED encrypted row needs its
   * data key, and a DELETED row (stored or erased before it was) must not keep one.
   */
  private async checkKeys(result: StorageCheckResult): Promise<void> {
    const missing = await this.prisma.$queryRaw<{ id: string; storageKey: string | null }[]>`
      SELECT r.id, r."storageKey" FROM "Recording" r
      WHERE r.status = 'STORED' AND r.encrypted AND NOT EXISTS (SELECT 1 FROM "RecordingKey" k WHERE k."recordingId" = r.id)
      ORDER BY r.id LIMIT ${LIST_LIMIT}`;
    result.missingKeys = missing.map((row) => `${row.id} ${row.storageKey ?? '(never stored)'}`);
    const kept = await this.prisma.$queryRaw<{ id: string; storageKey: string | null }[]>`
      SELECT r.id, r."storageKey" FROM "RecordingKey" k JOIN "Recording" r ON r.id = k."recordingId"
      WHERE r.status = 'DELETED'
      ORDER BY r.id LIMIT ${LIST_LIMIT}`;
    result.keysNotShredded = kept.map((row) => `${row.id} ${row.storageKey ?? '(never stored)'}`);
  }

  private storeOf(backend: StorageBackend | null): RecordingStore | null {
    const wanted = backend ?? StorageBackend.LOCAL;
    return this.stores.all().find((store) => store.backend === wanted) ?? null;
  }
}

function push(list: string[], item: string): void {
  if (list.length < LIST_LIMIT) list.push(item);
}
