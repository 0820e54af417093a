import { EventEmitter, once } from 'node:events';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { SAMPLE_RATE } from './conversation-plan';
import { loadLame } from './lame';
import type { ConversationSynth } from './synth';

const KBPS = 32;
/** MPEG-2.5 layer III frames hold 576 samples; feeding multiples keeps lamejs' buffering trivial. */
const FRAMES_PER_SLICE = 576 * 14;

/**
 * One MP3 encoding of one recording/channel count. It runs in slices that yield to the event loop,
 * keeps what it produced, and lets any number of responses follow it while it is still running,
 * so even a first request for a long call starts receiving bytes immediately.
 */
export class Mp3Job {
  private readonly chunks: Buffer[] = [];
  private readonly events = new EventEmitter();
  private full: Buffer | null = null;
  private failure: Error | null = null;
  done = false;

  constructor(
    private readonly synth: ConversationSynth,
    private readonly channels: 1 | 2,
    private readonly signal: AbortSignal,
  ) {
    this.events.setMaxListeners(0);
    this.run().catch((err: unknown) => {
      this.failure = err instanceof Error ? err : new Error(String(err));
      this.finish();
    });
  }

  get error(): Error | null {
    return this.failure;
  }

  /** The complete file; only valid once `done` without error. */
  buffer(): Buffer {
    this.full ??= Buffer.concat(this.chunks);
    return this.full;
  }

  /** Everything produced so far, then each new chunk as it is encoded. */
  async *stream(): AsyncGenerator<Buffer> {
    let next = 0;
    for (;;) {
      while (next < this.chunks.length) yield this.chunks[next++];
      if (this.failure) throw this.failure;
      if (this.done) return;
      await once(this.events, 'progress');
    }
  }

  private async run(): Promise<void> {
    const encoder = new (loadLame().Mp3Encoder)(this.channels, SAMPLE_RATE, KBPS);
    for (let frame = 0; frame < this.synth.totalFrames; frame += FRAMES_PER_SLICE) {
      if (this.signal.aborted) throw new Error('emulator closed');
      const pcm = this.synth.renderPcm(frame, FRAMES_PER_SLICE, this.channels);
      this.push(this.channels === 2 ? encodeStereo(encoder, pcm) : encoder.encodeBuffer(pcm));
      await yieldToEventLoop();
    }
    this.push(encoder.flush());
    this.finish();
  }

  private push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.events.emit('progress');
  }

  private finish(): void {
    this.done = true;
    this.events.emit('progress');
  }
}

function encodeStereo(encoder: { encodeBuffer(l: Int16Array, r?: Int16Array): Uint8Array }, pcm: Int16Array): Uint8Array {
  const n = pcm.length / 2;
  const left = new Int16Array(n);
  const right = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    left[i] = pcm[2 * i];
    right[i] = pcm[2 * i + 1];
  }
  return encoder.encodeBuffer(left, right);
}

/** Encoded MP3s per recording and channel count; a deleted recording takes its files with it. */
export class Mp3Cache {
  private readonly jobs = new Map<string, { job: Mp3Job; abort: AbortController }>();

  get(recordingSid: string, channels: 1 | 2, synth: () => ConversationSynth): Mp3Job {
    const key = `${recordingSid}:${channels}`;
    const existing = this.jobs.get(key);
    if (existing && !existing.job.error) return existing.job;
    const abort = new AbortController();
    const job = new Mp3Job(synth(), channels, abort.signal);
    this.jobs.set(key, { job, abort });
    return job;
  }

  /** Stops and forgets the encodings of one recording (it was deleted). */
  drop(recordingSid: string): void {
    for (const [key, entry] of [...this.jobs]) {
      if (key.startsWith(`${recordingSid}:`)) {
        entry.abort.abort();
        this.jobs.delete(key);
      }
    }
  }

  clear(): void {
    for (const entry of this.jobs.values()) entry.abort.abort();
    this.jobs.clear();
  }
}
