import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { asError } from '../../common/errors/error-message';

/**
 * The stored form of an encrypted recording (design 9.5): a 16-byte header, then the plaintext
 * in independent 64 KiB chunks, each `nonce(12) | AES-256-GCM ciphertext | tag(16)` under the
 * recording's own data key. A chunk's additional data binds the header, the recording, the
 * chunk's index and whether it is the last, so chunks cannot be reordered, moved to another
 * recording, dropped from the end or appended to without failing authentication. A byte range
 * reads and decrypts only the chunks it touches.
 */
export const CHUNK_BYTES = 64 * 1024;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const CHUNK_OVERHEAD = NONCE_BYTES + TAG_BYTES;
/** `CRGCM` + version 1 + chunk size: no audio header (RIFF, ID3) is ever at the start of the object. */
export const HEADER = Buffer.concat([Buffer.from('CRGCM\u0000\u0000\u0001', 'latin1'), u32(CHUNK_BYTES), u32(0)]);
export const HEADER_BYTES = HEADER.length;
export const DEK_BYTES = 32;

export interface PlainRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/** Where a plaintext range lies in the stored object, and which chunks it needs. */
export interface SealedSpan {
  stored: PlainRange;
  firstChunk: number;
  lastChunk: number;
  /** Bytes of the first chunk's plaintext before the range starts. */
  skip: number;
  length: number;
}

export function chunkCount(plainSize: number): number {
  return plainSize === 0 ? 1 : Math.ceil(plainSize / CHUNK_BYTES);
}

/** The size of the stored object for a recording of `plainSize` bytes. */
export function sealedSize(plainSize: number): number {
  return HEADER_BYTES + plainSize + chunkCount(plainSize) * CHUNK_OVERHEAD;
}

function chunkPlainBytes(index: number, plainSize: number): number {
  return Math.max(0, Math.min(CHUNK_BYTES, plainSize - index * CHUNK_BYTES));
}

/** The stored bytes holding `range` of a recording of `plainSize` bytes (the whole of it when absent). */
export function sealedSpan(plainSize: number, range?: PlainRange): SealedSpan {
  const start = range?.start ?? 0;
  const end = range?.end ?? plainSize - 1;
  const firstChunk = Math.floor(start / CHUNK_BYTES);
  const lastChunk = plainSize === 0 ? 0 : Math.floor(end / CHUNK_BYTES);
  const storedStart = HEADER_BYTES + firstChunk * (CHUNK_BYTES + CHUNK_OVERHEAD);
  const storedEnd = HEADER_BYTES + lastChunk * (CHUNK_BYTES + CHUNK_OVERHEAD) + chunkPlainBytes(lastChunk, plainSize) + CHUNK_OVERHEAD - 1;
  return {
    stored: { start: storedStart, end: storedEnd },
    firstChunk,
    lastChunk,
    skip: start - firstChunk * CHUNK_BYTES,
    length: plainSize === 0 ? 0 : end - start + 1,
  };
}

/** A stored chunk failed authentication: the object was altered, damaged, cut short or swapped. */
export class ChunkAuthenticationError extends Error {
  public constructor(
    public readonly context: string,
    public readonly chunk: number,
    detail = 'does not authenticate under its key',
  ) {
    super(
      `The stored audio of ${context} failed its integrity check: chunk ${chunk} (plaintext bytes ${chunk * CHUNK_BYTES}` +
        `-${(chunk + 1) * CHUNK_BYTES - 1}) ${detail}; the object was altered or damaged, so none of that range is served`,
    );
    this.name = 'ChunkAuthenticationError';
  }
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

function additionalData(context: Buffer, index: number, final: boolean): Buffer {
  const position = Buffer.alloc(9);
  position.writeBigUInt64BE(BigInt(index));
  position[8] = final ? 1 : 0;
  return Buffer.concat([HEADER, context, position]);
}

/** Collects incoming buffers and hands out exactly-sized pieces without copying more than needed. */
class ByteQueue {
  private parts: Buffer[] = [];
  public length = 0;

  public push(buffer: Buffer): void {
    this.parts.push(buffer);
    this.length += buffer.length;
  }

  public take(bytes: number): Buffer {
    if (bytes === 0) return Buffer.alloc(0);
    const head = this.parts[0];
    if (head.length >= bytes) {
      if (head.length === bytes) this.parts.shift();
      else this.parts[0] = head.subarray(bytes);
      this.length -= bytes;
      return head.subarray(0, bytes);
    }
    // The piece straddles reads: copy just its bytes, and keep the rest of the last part as a view
    // (concatenating every queued part copied a whole 256 KiB read per chunk boundary).
    const piece = Buffer.allocUnsafe(bytes);
    let filled = 0;
    while (filled < bytes) {
      const part = this.parts[0];
      const used = Math.min(part.length, bytes - filled);
      part.copy(piece, filled, 0, used);
      filled += used;
      if (used === part.length) this.parts.shift();
      else this.parts[0] = part.subarray(used);
    }
    this.length -= bytes;
    return piece;
  }
}

/** Plaintext in, the stored form out (header first). */
export class SealingStream extends Transform {
  private readonly queue = new ByteQueue();
  private readonly context: Buffer;
  private index = 0;

  public constructor(
    private readonly dek: Buffer,
    context: string,
  ) {
    super();
    this.context = Buffer.from(context, 'utf8');
    this.push(HEADER);
  }

  public override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.queue.push(chunk);
    // A full chunk is sealed once a byte beyond it has arrived: only then is it known not to be the last.
    while (this.queue.length > CHUNK_BYTES) this.push(this.seal(this.queue.take(CHUNK_BYTES), false));
    done();
  }

  public override _flush(done: TransformCallback): void {
    this.push(this.seal(this.queue.take(this.queue.length), true));
    done();
  }

  private seal(plain: Buffer, final: boolean): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.dek, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(this.context, this.index++, final));
    return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  }
}

/**
 * The stored bytes of `span` in, the plaintext range out. A chunk's plaintext is pushed only
 * after its tag has been verified: altered audio is never passed on, the stream errors instead.
 */
export class OpeningStream extends Transform {
  private readonly queue = new ByteQueue();
  private readonly context: Buffer;
  private index: number;
  private skip: number;
  private remaining: number;

  public constructor(
    private readonly dek: Buffer,
    private readonly contextName: string,
    private readonly plainSize: number,
    private readonly span: SealedSpan,
  ) {
    super();
    this.context = Buffer.from(contextName, 'utf8');
    this.index = span.firstChunk;
    this.skip = span.skip;
    this.remaining = span.length;
  }

  public override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.queue.push(chunk);
    try {
      while (this.index <= this.span.lastChunk && this.queue.length >= this.storedChunkBytes()) this.open();
      if (this.index > this.span.lastChunk && this.queue.length > 0)
        throw new ChunkAuthenticationError(this.contextName, this.index, 'is more than the object should hold');
      done();
    } catch (error) {
      done(asError(error));
    }
  }

  public override _flush(done: TransformCallback): void {
    if (this.index <= this.span.lastChunk)
      done(new ChunkAuthenticationError(this.contextName, this.index, 'is missing: the object was cut short'));
    else done();
  }

  private storedChunkBytes(): number {
    return chunkPlainBytes(this.index, this.plainSize) + CHUNK_OVERHEAD;
  }

  private open(): void {
    const sealed = this.queue.take(this.storedChunkBytes());
    const final = this.index === chunkCount(this.plainSize) - 1;
    const decipher = createDecipheriv('aes-256-gcm', this.dek, sealed.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(this.context, this.index, final));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES));
      // GCM's final() yields no bytes; it checks the tag, so nothing of `plain` is passed on before it.
      decipher.final();
    } catch {
      throw new ChunkAuthenticationError(this.contextName, this.index);
    }
    this.index += 1;
    const piece = plain.subarray(this.skip, this.skip + this.remaining);
    this.skip = 0;
    this.remaining -= piece.length;
    if (piece.length > 0) this.push(piece);
  }
}
