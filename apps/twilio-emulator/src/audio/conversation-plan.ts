import { mulberry32, seedFrom } from './prng';

export const SAMPLE_RATE = 8000;

export type Speaker = 'agent' | 'customer';

/** One voiced burst ("syllable") of one speaker. Frames are sample indices from the recording start. */
export interface Syllable {
  start: number;
  length: number;
  /** fundamental at the start and end of the burst, for a speech-like pitch glide */
  f0Start: number;
  f0End: number;
  amplitude: number;
}

/** Per-speaker syllables, sorted by start, non-overlapping within a speaker. */
export interface ConversationPlan {
  agent: Syllable[];
  customer: Syllable[];
}

const ms = (n: number) => Math.round((n * SAMPLE_RATE) / 1000);

/**
 * Lays out a conversation of `totalFrames` from the SID: the agent speaks first, then turns
 * alternate with short pauses between them. Within a turn the speaker produces syllables separated
 * by tiny gaps while the other side stays silent, which is what makes a waveform look like a call.
 * The agent speaks in tones of 200–800 Hz; the customer in a low, buzzy voice of 100–190 Hz.
 */
export function planConversation(sid: string, totalFrames: number): ConversationPlan {
  const rand = mulberry32(seedFrom(sid, 'plan'));
  const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const plan: ConversationPlan = { agent: [], customer: [] };
  let t = ms(between(150, 400));
  let speaker: Speaker = 'agent';
  let firstTurn = true;
  while (t < totalFrames) {
    // A short greeting first, so even a few-second recording has both parties in it.
    const turnMs = firstTurn ? between(800, 1600) : speaker === 'agent' ? between(1200, 4500) : between(1000, 5500);
    firstTurn = false;
    const turnEnd = Math.min(totalFrames, t + ms(turnMs));
    const list = plan[speaker];
    while (t < turnEnd) {
      const length = Math.min(turnEnd - t, ms(speaker === 'agent' ? between(110, 260) : between(150, 340)));
      if (length < ms(30)) break;
      const f0Start = speaker === 'agent' ? between(200, 800) : between(100, 190);
      const glide = speaker === 'agent' ? between(0.85, 1.15) : between(0.9, 1.1);
      list.push({ start: t, length, f0Start, f0End: f0Start * glide, amplitude: between(0.55, 1) });
      t += length + ms(between(25, 90));
    }
    t = turnEnd + ms(between(200, 750));
    speaker = speaker === 'agent' ? 'customer' : 'agent';
  }
  return plan;
}

/** Index of the first syllable that ends after `frame` (binary search on the sorted list). */
export function firstSyllableEndingAfter(list: readonly Syllable[], frame: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = list[mid];
    if (s.start + s.length <= frame) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
