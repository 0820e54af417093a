import { createHash } from 'node:crypto';
import { FileHandle, open } from 'node:fs/promises';
import { pipeline as pipeCallback, Readable, Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { SummedEntry } from './export-bundle.format';

export interface WrittenEntry extends SummedEntry {
  bytes: number;
}

/**
 * A ZIP written as a stream (yazl: store mode, ZIP64 where an entry or the archive needs it) into
 * a file opened for this build alone. Entries are added one at a time and each is awaited, and
 * a source is opened only when its entry is written, so one source is open at once and nothing is held whole in memory: backpressure runs from the
 * file back through the archive to the source. Every entry's SHA-256 is taken as it passes
 * (for SHA256SUMS), and the whole file's too.
 */
export class BundleWriter {
  public readonly entries: WrittenEntry[] = [];
  private readonly zip = new ZipFile();
  private readonly fileHash = createHash('sha256');
  private written = 0;
  private readonly output: Promise<void>;
  /** Rejects with the first error of the archive (a source that failed, a size that did not match). */
  private readonly failed: Promise<never>;

  private constructor(
    file: FileHandle,
    private readonly path: string,
  ) {
    this.failed = new Promise<never>((_resolve, reject) => this.zip.on('error', reject));
    this.failed.catch(() => undefined);
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.fileHash.update(chunk);
        this.written += chunk.length;
        done(null, chunk);
      },
    });
    // The stream owns the handle and closes it when done (a handle a stream still refers to cannot be closed apart).
    this.output = pipeline(this.zip.outputStream as Readable, counter, file.createWriteStream());
    this.output.catch(() => undefined);
  }

  /** `wx`: the path is this build's; a file left there is removed by the caller first. */
  public static async create(path: string): Promise<BundleWriter> {
    return new BundleWriter(await open(path, 'wx'), path);
  }

  /** Bytes of the archive written so far. */
  public get bytes(): number {
    return this.written;
  }

  /**
   * Streams a source in as `path`: `open` is called when the archive is ready for this entry's
   * bytes (yazl's lazy read stream), so a source is never held open while others are written.
   * `size`, when known, is checked by the archive.
   */
  public async addStream(path: string, open: () => Promise<Readable>, options: { mtime: Date; size?: number }): Promise<WrittenEntry> {
    const hash = createHash('sha256');
    let bytes = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const lazyOptions = { compress: false, mtime: options.mtime, ...(options.size !== undefined ? { size: options.size } : {}) };
    this.zip.addReadStreamLazy(path, lazyOptions, (callback) => {
      open().then(
        (source) => {
          // The callback form: a failing source destroys the hasher, and yazl reports that as the archive's error.
          pipeCallback(source, hasher, () => undefined);
          callback(null, hasher);
        },
        (error: unknown) => callback(error, hasher),
      );
    });
    await Promise.race([finished(hasher), this.failed]);
    const entry = { path, sha256: hash.digest('hex'), bytes };
    this.entries.push(entry);
    return entry;
  }

  public addBuffer(path: string, buffer: Buffer, mtime: Date): WrittenEntry {
    this.zip.addBuffer(buffer, path, { compress: false, mtime });
    const entry = { path, sha256: createHash('sha256').update(buffer).digest('hex'), bytes: buffer.length };
    this.entries.push(entry);
    return entry;
  }

  /** Writes the central directory and flushes the file to disk; the archive's size and SHA-256. */
  public async finish(): Promise<{ sha256: string; bytes: number }> {
    this.zip.end();
    await Promise.race([this.output, this.failed]);
    // On disk before it is renamed and offered: fsync through a handle of its own, as the stream closed its one.
    const handle = await open(this.path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { sha256: this.fileHash.digest('hex'), bytes: this.written };
  }

  /** Stops writing; the caller removes the partial file. */
  public async abort(): Promise<void> {
    (this.zip.outputStream as Readable).destroy();
    await this.output.catch(() => undefined);
  }
}
