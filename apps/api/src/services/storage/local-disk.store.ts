import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, link, mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/app-config';
import {
  assertEvidenceKey,
  assertRecordingKey,
  ByteRange,
  EVIDENCE_KEY_PATTERN,
  EVIDENCE_PREFIXES,
  EvidenceConflictError,
  EvidencePrefix,
  isEvidenceKey,
  PendingWrite,
  RecordingStore,
  StorageBackend,
  StoredObjectStat,
} from './recording-store';

/** Temporary files live inside the root so that committing is a same-filesystem rename. */
const INCOMING_DIR = '.incoming';

@Injectable()
export class LocalDiskStore extends RecordingStore {
  private readonly logger = new Logger(LocalDiskStore.name);
  private readonly root: string;
  public readonly backend = StorageBackend.LOCAL;

  public constructor(config: AppConfig) {
    super();
    this.root = config.recordingsDir;
  }

  public async beginWrite(key: string): Promise<PendingWrite> {
    const finalPath = this.pathOf(key);
    const incoming = join(this.root, INCOMING_DIR);
    await mkdir(incoming, { recursive: true });
    const tempPath = join(incoming, `${key.replace(/\//g, '_')}.${randomBytes(6).toString('hex')}.part`);
    const stream = createWriteStream(tempPath, { flags: 'wx' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return {
      key,
      stream,
      commit: async () => {
        await syncFile(tempPath);
        await mkdir(dirname(finalPath), { recursive: true });
        await rename(tempPath, finalPath);
        await syncFile(dirname(finalPath));
      },
      discard: async () => {
        stream.destroy();
        await rm(tempPath, { force: true });
      },
    };
  }

  public async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    // A range in one read and one socket write (the default is 64 KiB reads), up to 1 MiB: also an
    // encrypted 256 KiB range, whose stored span (its chunks with their nonces and tags) is larger.
    // Whole files go in 256 KiB reads.
    const highWaterMark = range ? Math.min(Math.max(range.end - range.start + 1, 256 * 1024), 1024 * 1024) : 256 * 1024;
    const stream = createReadStream(path, { highWaterMark, ...(range ? { start: range.start, end: range.end } : {}) });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return stream;
  }

  public async stat(key: string): Promise<StoredObjectStat | null> {
    try {
      const info = await stat(this.pathOf(key));
      return { sizeBytes: info.size, modifiedAt: info.mtime };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  public async delete(key: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /** Files have no links of their own: the API streams them (MEDIA_DELIVERY=proxy). */
  public async presignRead(): Promise<string | null> {
    return null;
  }

  /** A file system has no Object Lock: what protects a file is the product refusing to delete it. */
  public async extendRetention(): Promise<void> {
    return;
  }

  public async setLegalHold(): Promise<void> {
    return;
  }

  public async *list(): AsyncIterable<string> {
    const keyOf = (path: string) => relative(this.root, path).split(sep).join('/');
    // Checkpoints are not recordings: the consistency check must not call them orphans.
    for await (const path of walk(this.root, (dir) => isEvidenceKey(`${keyOf(dir)}/`))) {
      const key = keyOf(path);
      if (!key.startsWith(`${INCOMING_DIR}/`) && !key.startsWith('.')) {
        yield key;
      }
    }
  }

  public async putEvidence(key: string, bytes: Buffer): Promise<boolean> {
    const finalPath = this.evidencePathOf(key);
    const incoming = join(this.root, INCOMING_DIR);
    await mkdir(incoming, { recursive: true });
    const tempPath = join(incoming, `${key.replace(/\//g, '_')}.${randomBytes(6).toString('hex')}.part`);
    try {
      await writeFile(tempPath, bytes, { flag: 'wx' });
      await chmod(tempPath, 0o444);
      await syncFile(tempPath);
      await mkdir(dirname(finalPath), { recursive: true });
      try {
        // link() refuses an existing name, so the object appears whole and exactly once; a
        // rename would silently replace what is there.
        await link(tempPath, finalPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if ((await readFile(finalPath)).equals(bytes)) return false;
        throw new EvidenceConflictError(key);
      }
      await syncFile(dirname(finalPath));
      return true;
    } finally {
      await rm(tempPath, { force: true });
    }
  }

  public async getEvidence(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.evidencePathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  public async *listEvidence(prefix: EvidencePrefix): AsyncIterable<string> {
    if (!EVIDENCE_PREFIXES.includes(prefix)) throw new Error(`Refusing evidence prefix "${prefix}"`);
    let names: string[];
    try {
      names = await readdir(join(this.root, ...prefix.split('/')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      if (EVIDENCE_KEY_PATTERN.test(`${prefix}${name}`)) yield `${prefix}${name}`;
    }
  }

  /** Partial writes are files under INCOMING_DIR: removes those a crashed download left behind. */
  public async removeStalePartials(olderThanMs: number): Promise<number> {
    const incoming = join(this.root, INCOMING_DIR);
    let removed = 0;
    let names: string[];
    try {
      names = await readdir(incoming);
    } catch {
      return 0;
    }
    for (const name of names) {
      const path = join(incoming, name);
      const info = await stat(path).catch(() => null);
      if (info && Date.now() - info.mtimeMs > olderThanMs) {
        await rm(path, { force: true });
        removed += 1;
      }
    }
    if (removed > 0) this.logger.log(`Removed ${removed} abandoned partial download(s)`);
    return removed;
  }

  public async isWritable(): Promise<boolean> {
    try {
      await mkdir(this.root, { recursive: true });
      const probe = join(this.root, `.health-${randomBytes(4).toString('hex')}`);
      await writeFile(probe, 'ok');
      await unlink(probe);
      return true;
    } catch {
      return false;
    }
  }

  private pathOf(key: string): string {
    assertRecordingKey(key);
    return join(this.root, ...key.split('/'));
  }

  private evidencePathOf(key: string): string {
    assertEvidenceKey(key);
    return join(this.root, ...key.split('/'));
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function* walk(dir: string, skipDir: (path: string) => boolean): AsyncIterable<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipDir(path)) yield* walk(path, skipDir);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}
