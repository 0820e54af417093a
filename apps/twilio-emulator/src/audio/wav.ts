import { SAMPLE_RATE } from './conversation-plan';
import type { ConversationSynth } from './synth';

export const WAV_HEADER_BYTES = 44;
const BYTES_PER_SAMPLE = 2;
/** one second per chunk keeps memory flat whatever the call length */
const CHUNK_FRAMES = SAMPLE_RATE;

/** Exact frame count of a recording: the answered time, to the millisecond. */
export function framesForDuration(durationMs: number): number {
  return Math.max(0, Math.round((durationMs * SAMPLE_RATE) / 1000));
}

export function wavDataBytes(frames: number, channels: 1 | 2): number {
  return frames * channels * BYTES_PER_SAMPLE;
}

export function wavTotalBytes(frames: number, channels: 1 | 2): number {
  return WAV_HEADER_BYTES + wavDataBytes(frames, channels);
}

/** Canonical 44-byte RIFF/WAVE header for 8 kHz 16-bit PCM. */
export function wavHeader(frames: number, channels: 1 | 2): Buffer {
  const dataBytes = wavDataBytes(frames, channels);
  const blockAlign = channels * BYTES_PER_SAMPLE;
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(SAMPLE_RATE * blockAlign, 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(BYTES_PER_SAMPLE * 8, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/**
 * Bytes [first, last] (inclusive, as in an HTTP range) of the WAV file, produced lazily one chunk
 * at a time. Works for any range because the synth can start at any frame.
 */
export function* wavBytes(synth: ConversationSynth, channels: 1 | 2, first: number, last: number): Generator<Buffer> {
  const header = wavHeader(synth.totalFrames, channels);
  const blockAlign = channels * BYTES_PER_SAMPLE;
  let pos = first;
  if (pos < WAV_HEADER_BYTES) {
    const end = Math.min(last + 1, WAV_HEADER_BYTES);
    yield header.subarray(pos, end);
    pos = end;
  }
  while (pos <= last) {
    const dataPos = pos - WAV_HEADER_BYTES;
    const frame = Math.floor(dataPos / blockAlign);
    const frames = Math.min(CHUNK_FRAMES, synth.totalFrames - frame);
    if (frames <= 0) return;
    const chunk = synth.render(frame, frames, channels);
    const skip = dataPos - frame * blockAlign;
    const take = Math.min(chunk.length - skip, last + 1 - pos);
    yield chunk.subarray(skip, skip + take);
    pos += take;
  }
}
