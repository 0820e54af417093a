import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RecordingStore, StorageBackend } from '../../services/storage/recording-store';
import { RecordingStores } from '../../services/storage/recording-stores';

export interface StorageCheckResult {
  ok: boolean;
  checkedRows: number;
  checkedFiles: number;
  /** STORED rows whose file is missing or has the wrong size. */
  missingOrWrongSize: string[];
  /** DELETED rows whose file is still there. */
  notDeleted: string[];
  /** Files that no STORED or DELETING row points at. */
  orphanFiles: string[];
  /** STORED files whose bytes no longer hash to the stored sha256 (only with hashes: true). */
  hashMismatches: string[];
  /** Deletions under way (or interrupted, finished by the next sweep). */
  deleting: number;
}

const PAGE = 5000;
const LIST_LIMIT = 100;

/**
 * Proves that storage and rows agree: the product's own consistency check, behind
 * `GET /api/health/storage` and `npm run check:storage`.
 */
@Injectable()
export class StorageCheckService {
  public constructor(
    private readonly prisma: PrismaService,
    private readonly stores: RecordingStores,
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
      deleting: 0,
    };
    // Per store: a key expected in the bucket says nothing about a file of that name on disk.
    const expected = new Map<StorageBackend, Set<string>>(this.stores.all().map((store) => [store.backend, new Set<string>()]));
    let cursor: string | undefined;
    for (;;) {
      const rows = await this.prisma.recording.findMany({
        where: { storageKey: { not: null } },
        select: { id: true, status: true, storageKey: true, storageBackend: true, sizeBytes: true, sha256: true },
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
        if (row.status === 'STORED') {
          if (!stat || stat.sizeBytes !== row.sizeBytes) push(result.missingOrWrongSize, `${row.id} ${key}`);
          else if (hashes && row.sha256 && (await this.sha256(store, key)) !== row.sha256) push(result.hashMismatches, `${row.id} ${key}`);
        } else if (stat) {
          push(result.notDeleted, `${row.id} ${key}`);
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
    result.ok =
      result.missingOrWrongSize.length === 0 &&
      result.notDeleted.length === 0 &&
      result.orphanFiles.length === 0 &&
      result.hashMismatches.length === 0;
    return result;
  }

  private storeOf(backend: StorageBackend | null): RecordingStore | null {
    const wanted = backend ?? StorageBackend.LOCAL;
    return this.stores.all().find((store) => store.backend === wanted) ?? null;
  }

  private async sha256(store: RecordingStore, key: string): Promise<string> {
    const hash = createHash('sha256');
    await pipeline(await store.read(key), new Writable({ write: (chunk: Buffer, _e, done) => (hash.update(chunk), done()) }));
    return hash.digest('hex');
  }
}

function push(list: string[], item: string): void {
  if (list.length < LIST_LIMIT) list.push(item);
}
