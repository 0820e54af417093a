import { createHash } from 'node:crypto';

// Module-level binding: global lookups are slow inside Jest's vm sandbox and this runs per sample.
const imul = Math.imul;

/** mulberry32: tiny, fast and good enough to make a conversation plan look random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed derived from any string (the recording SID), stable across runs and platforms. */
export function seedFrom(text: string, salt = ''): number {
  return createHash('sha256').update(`${salt}:${text}`).digest().readUInt32LE(0);
}

/**
 * Stateless white noise in [-1, 1): a hash of the sample index. Being stateless is what lets any
 * byte range of a recording be generated on its own, identical on every request.
 */
export function hashNoise(index: number, seed: number): number {
  let h = imul(index ^ seed, 0x9e3779b1);
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2147483648 - 1;
}
