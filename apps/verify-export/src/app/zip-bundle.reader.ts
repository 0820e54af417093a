import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { AUDIT_FILE, CUSTODY_FILE, MANIFEST_FILE, PUBLIC_KEY_FILE, SUMS_FILE, SUMS_SIG_FILE } from './bundle-format';

/** One ZIP entry as the verifier saw it: its name as stored, its size and the SHA-256 of its bytes. */
export interface BundleEntry {
  name: string;
  size: number;
  /** Hex SHA-256 of the entry's uncompressed bytes; null when they could not be read. */
  sha256: string | null;
  /** Why the bytes could not be read (encrypted, truncated, a size that lies…). */
  readError?: string;
}

export interface ZipBundle {
  entries: BundleEntry[];
  /** The bytes of the top-level files the checks parse (manifest, audit, custody, key, sums). */
  files: Map<string, Buffer>;
}

/**
 * Audio and metadata are only hashed as they stream past; the top-level files the checks
 * parse are kept, up to this size each, so a hostile ZIP cannot make the verifier hold more.
 */
const MAX_KEPT_BYTES = 256 * 1024 * 1024;
const KEPT = new Set([SUMS_FILE, SUMS_SIG_FILE, MANIFEST_FILE, AUDIT_FILE, CUSTODY_FILE, PUBLIC_KEY_FILE]);
const UTF8_NAME_FLAG = 0x800;

/**
 * Reads every entry of the bundle once, in ZIP order, hashing as it streams: a recording is
 * never held in memory whole. yauzl reads the central directory (ZIP64 included). Names are
 * decoded here rather than by yauzl, because yauzl rejects an unsafe name by aborting the
 * whole read, and the verifier should instead report which entry is unsafe.
 */
export function readZipBundle(path: string): Promise<ZipBundle> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, decodeStrings: false, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) return reject(openError ?? new Error('yauzl returned no ZIP'));
      const bundle: ZipBundle = { entries: [], files: new Map() };
      let failed = false;
      const fail = (error: Error): void => {
        if (failed) return;
        failed = true;
        zip.close();
        reject(error);
      };
      zip.on('error', fail);
      zip.on('end', () => {
        if (!failed) resolve(bundle);
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entryName(entry);
        const keep = KEPT.has(name) && entry.uncompressedSize <= MAX_KEPT_BYTES;
        readEntry(zip, entry, keep).then(
          ({ sha256, bytes, readError }) => {
            bundle.entries.push({ name, size: entry.uncompressedSize, sha256, ...(readError ? { readError } : {}) });
            if (bytes) bundle.files.set(name, bytes);
            zip.readEntry();
          },
          (error: Error) => fail(error),
        );
      });
      zip.readEntry();
    });
  });
}

function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // Without the UTF-8 flag the name is CP437; the bundle format only uses ASCII, where the two agree.
  return raw.toString((entry.generalPurposeBitFlag & UTF8_NAME_FLAG) !== 0 ? 'utf8' : 'latin1');
}

interface EntryContent {
  sha256: string | null;
  bytes?: Buffer;
  readError?: string;
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, keep: boolean): Promise<EntryContent> {
  return new Promise((resolve) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return resolve({ sha256: null, readError: error?.message ?? 'no stream' });
      hashStream(stream, keep).then(resolve, (streamError: Error) => resolve({ sha256: null, readError: streamError.message }));
    });
  });
}

function hashStream(stream: Readable, keep: boolean): Promise<EntryContent> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      if (keep) chunks.push(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve({ sha256: hash.digest('hex'), ...(keep ? { bytes: Buffer.concat(chunks) } : {}) }));
  });
}
