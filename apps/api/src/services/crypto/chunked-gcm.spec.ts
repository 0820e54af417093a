import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  ChunkAuthenticationError,
  CHUNK_BYTES,
  CHUNK_OVERHEAD,
  HEADER_BYTES,
  OpeningStream,
  sealedSize,
  sealedSpan,
  SealingStream,
} from './chunked-gcm';

const dek = randomBytes(32);
const CONTEXT = '7d3a0c1e-5b7f-4a40-9a57-2d0c7f3f7d10';

/** Feeds `bytes` in pieces of `piece` bytes: chunk boundaries must not depend on how the input arrives. */
async function seal(plain: Buffer, piece = 10_000, context = CONTEXT): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let at = 0; at < plain.length; at += piece) pieces.push(plain.subarray(at, at + piece));
  return buffer(Readable.from(pieces).pipe(new SealingStream(dek, context)));
}

async function open(stored: Buffer, plainSize: number, range?: { start: number; end: number }, context = CONTEXT): Promise<Buffer> {
  const span = sealedSpan(plainSize, range);
  const slice = stored.subarray(span.stored.start, span.stored.end + 1);
  // Delivered in odd-sized pieces, as a store's stream would.
  const pieces: Buffer[] = [];
  for (let at = 0; at < slice.length; at += 7_777) pieces.push(slice.subarray(at, at + 7_777));
  return buffer(Readable.from(pieces).pipe(new OpeningStream(dek, context, plainSize, span)));
}

describe('chunked AES-256-GCM', () => {
  it.each([0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 5])(
    'round-trips %i bytes at the size it promises',
    async (size) => {
      const plain = randomBytes(size);
      const stored = await seal(plain);
      expect(stored.length).toBe(sealedSize(size));
      expect(await open(stored, size)).toEqual(plain);
    },
  );

  it('stores no plaintext and no audio header', async () => {
    const plain = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(200_000, 7)]);
    const stored = await seal(plain);
    expect(stored.subarray(0, 4).toString('latin1')).not.toBe('RIFF');
    expect(stored.includes(Buffer.alloc(64, 7))).toBe(false);
  });

  it('serves any range byte-exact: chunk boundaries, across chunks, the last byte', async () => {
    const size = 5 * CHUNK_BYTES + 123;
    const plain = randomBytes(size);
    const stored = await seal(plain);
    const ranges = [
      [0, 0],
      [CHUNK_BYTES - 1, CHUNK_BYTES],
      [CHUNK_BYTES, 2 * CHUNK_BYTES - 1],
      [100, 4 * CHUNK_BYTES + 7],
      [size - 1, size - 1],
      [size - 200, size - 1],
    ];
    for (const [start, end] of ranges) {
      expect(await open(stored, size, { start, end })).toEqual(plain.subarray(start, end + 1));
    }
  });

  it('reads only the chunks a range touches', () => {
    const span = sealedSpan(10 * CHUNK_BYTES, { start: 2 * CHUNK_BYTES + 5, end: 3 * CHUNK_BYTES + 5 });
    expect(span.firstChunk).toBe(2);
    expect(span.lastChunk).toBe(3);
    expect(span.stored.start).toBe(HEADER_BYTES + 2 * (CHUNK_BYTES + CHUNK_OVERHEAD));
    expect(span.stored.end - span.stored.start + 1).toBe(2 * (CHUNK_BYTES + CHUNK_OVERHEAD));
  });

  it('refuses a chunk with one altered byte, and serves nothing of it', async () => {
    const size = 3 * CHUNK_BYTES;
    const stored = await seal(randomBytes(size));
    const tampered = Buffer.from(stored);
    tampered[HEADER_BYTES + (CHUNK_BYTES + CHUNK_OVERHEAD) + 500] ^= 0x01;
    await expect(open(tampered, size, { start: CHUNK_BYTES, end: CHUNK_BYTES + 10 })).rejects.toThrow(ChunkAuthenticationError);
    await expect(open(tampered, size, { start: CHUNK_BYTES, end: CHUNK_BYTES + 10 })).rejects.toThrow(/chunk 1 /);
    // The chunks around it still open.
    await expect(open(tampered, size, { start: 0, end: 10 })).resolves.toHaveLength(11);
  });

  it('refuses chunks swapped, an object cut at a chunk boundary, and another recording context', async () => {
    const size = 3 * CHUNK_BYTES;
    const stored = await seal(randomBytes(size));
    const one = CHUNK_BYTES + CHUNK_OVERHEAD;
    const swapped = Buffer.concat([
      stored.subarray(0, HEADER_BYTES),
      stored.subarray(HEADER_BYTES + one, HEADER_BYTES + 2 * one),
      stored.subarray(HEADER_BYTES, HEADER_BYTES + one),
      stored.subarray(HEADER_BYTES + 2 * one),
    ]);
    await expect(open(swapped, size)).rejects.toThrow(ChunkAuthenticationError);
    // Two full chunks look like a whole 2-chunk recording, but the second was not sealed as the last.
    await expect(open(stored.subarray(0, HEADER_BYTES + 2 * one), 2 * CHUNK_BYTES)).rejects.toThrow(ChunkAuthenticationError);
    await expect(open(stored.subarray(0, stored.length - 100), size)).rejects.toThrow(/cut short/);
    await expect(open(stored, size, undefined, 'another-recording')).rejects.toThrow(ChunkAuthenticationError);
  });
});
