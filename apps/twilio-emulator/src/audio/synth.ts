import { firstSyllableEndingAfter, planConversation, SAMPLE_RATE, type ConversationPlan, type Syllable } from './conversation-plan';
import { endianness } from 'node:os';
import { hashNoise, seedFrom } from './prng';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';
// Module-level bindings: global lookups such as `Math.sin` are slow inside Jest's vm sandbox, and
// this is the hottest loop of the emulator.
const { sin, cos, round, max, min, PI } = Math;

const FULL_SCALE = 32767;
/** about −56 dBFS: audible as line hiss if you turn it up, flat in a waveform */
const NOISE_FLOOR = 0.0016;
const AGENT_LEVEL = 0.5;
const CUSTOMER_LEVEL = 0.55;
const TWO_PI = 2 * PI;
/** 1 + 1/2 + … + 1/6, so the customer's harmonic stack peaks near 1 */
const CUSTOMER_HARMONIC_NORM = 2.45;

/**
 * Deterministic two-party call audio for one recording. Every sample is a pure function of the
 * SID and its index, so any range renders the same bytes on every request, in any chunking.
 * Channel 1 is the agent, channel 2 the customer; a mono recording is their mix.
 */
export class ConversationSynth {
  readonly plan: ConversationPlan;
  private readonly agentNoiseSeed: number;
  private readonly customerNoiseSeed: number;
  private readonly breathSeed: number;

  constructor(
    sid: string,
    readonly totalFrames: number,
  ) {
    this.plan = planConversation(sid, totalFrames);
    this.agentNoiseSeed = seedFrom(sid, 'agent-noise') | 0;
    this.customerNoiseSeed = seedFrom(sid, 'customer-noise') | 0;
    this.breathSeed = seedFrom(sid, 'breath') | 0;
  }

  /** Frames [start, start+count) as 16-bit samples, 1 or 2 interleaved channels. */
  renderPcm(start: number, count: number, channels: 1 | 2): Int16Array {
    const n = max(0, min(count, this.totalFrames - start));
    const agent = new Float64Array(n);
    const customer = new Float64Array(n);
    this.renderAgent(agent, start);
    this.renderCustomer(customer, start);
    const out = new Int16Array(n * channels);
    for (let i = 0; i < n; i++) {
      if (channels === 2) {
        out[2 * i] = toInt16(agent[i]);
        out[2 * i + 1] = toInt16(customer[i]);
      } else {
        out[i] = toInt16(agent[i] + customer[i]);
      }
    }
    return out;
  }

  /** The same frames as WAV data bytes (little-endian). */
  render(start: number, count: number, channels: 1 | 2): Buffer {
    const pcm = this.renderPcm(start, count, channels);
    const bytes = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    return LITTLE_ENDIAN_HOST ? bytes : bytes.swap16();
  }

  private renderAgent(out: Float64Array, start: number): void {
    for (let i = 0; i < out.length; i++) out[i] = NOISE_FLOOR * hashNoise(start + i, this.agentNoiseSeed);
    forEachOverlap(this.plan.agent, start, out.length, (s, from, to) => {
      for (let f = from; f < to; f++) {
        const { env, phase } = voice(s, f);
        const tone = sin(phase) + 0.35 * sin(2 * phase) + 0.12 * sin(3 * phase);
        out[f - start] += (AGENT_LEVEL * s.amplitude * env * tone) / 1.47;
      }
    });
  }

  /** A low, buzzy harmonic stack with some breath noise: a different timbre from the agent's tones. */
  private renderCustomer(out: Float64Array, start: number): void {
    for (let i = 0; i < out.length; i++) out[i] = NOISE_FLOOR * hashNoise(start + i, this.customerNoiseSeed);
    forEachOverlap(this.plan.customer, start, out.length, (s, from, to) => {
      for (let f = from; f < to; f++) {
        const { env, phase } = voice(s, f);
        let buzz = 0;
        for (let h = 1; h <= 6; h++) buzz += sin(h * phase) / h;
        const breath = (hashNoise(f, this.breathSeed) + hashNoise(f - 1, this.breathSeed) + hashNoise(f - 2, this.breathSeed)) / 3;
        out[f - start] += CUSTOMER_LEVEL * s.amplitude * env * (0.85 * (buzz / CUSTOMER_HARMONIC_NORM) + 0.3 * breath);
      }
    });
  }
}

/** Syllable envelope (fast rise, slower fall) and the phase of its gliding fundamental at frame f. */
function voice(s: Syllable, f: number): { env: number; phase: number } {
  const x = (f - s.start) / s.length;
  const env = x < 0.2 ? sin((x / 0.2) * (PI / 2)) : cos(((x - 0.2) / 0.8) * (PI / 2)) ** 1.5;
  const t = (f - s.start) / SAMPLE_RATE;
  const duration = s.length / SAMPLE_RATE;
  const phase = TWO_PI * (s.f0Start * t + ((s.f0End - s.f0Start) * t * t) / (2 * duration));
  return { env, phase };
}

function forEachOverlap(
  list: readonly Syllable[],
  start: number,
  count: number,
  fn: (s: Syllable, from: number, to: number) => void,
): void {
  const end = start + count;
  for (let i = firstSyllableEndingAfter(list, start); i < list.length && list[i].start < end; i++) {
    const s = list[i];
    fn(s, max(s.start, start), min(s.start + s.length, end));
  }
}

function toInt16(x: number): number {
  const v = round(x * FULL_SCALE);
  return v > FULL_SCALE ? FULL_SCALE : v < -FULL_SCALE - 1 ? -FULL_SCALE - 1 : v;
}
