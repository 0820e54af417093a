import { SAMPLE_RATE } from './conversation-plan';
import { ConversationSynth } from './synth';

const SID = 'RE0123456789abcdef0123456789abcdef';

function channelsOf(pcm: Int16Array): [Float64Array, Float64Array] {
  const n = pcm.length / 2;
  const a = new Float64Array(n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = pcm[2 * i];
    c[i] = pcm[2 * i + 1];
  }
  return [a, c];
}

/** RMS per 50 ms window: the loudness envelope a waveform view shows. */
function envelope(x: Float64Array, window = SAMPLE_RATE / 20): number[] {
  const out: number[] = [];
  for (let i = 0; i + window <= x.length; i += window) {
    let s = 0;
    for (let j = i; j < i + window; j++) s += x[j] * x[j];
    out.push(Math.sqrt(s / window));
  }
  return out;
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('ConversationSynth', () => {
  const frames = SAMPLE_RATE * 60;

  it('is deterministic per SID and independent of how it is chunked', () => {
    const one = new ConversationSynth(SID, frames).render(0, frames, 2);
    const two = new ConversationSynth(SID, frames);
    const chunked = Buffer.concat([two.render(0, 12_345, 2), two.render(12_345, 100_000, 2), two.render(112_345, frames, 2)]);
    expect(chunked.equals(one)).toBe(true);
    const other = new ConversationSynth('RE0123456789abcdef0123456789abcdee', frames).render(0, frames, 2);
    expect(other.equals(one)).toBe(false);
  });

  it('never renders past the end', () => {
    const synth = new ConversationSynth(SID, 1000);
    expect(synth.render(900, 500, 1).length).toBe(200);
    expect(synth.render(1000, 10, 2).length).toBe(0);
  });

  it('gives agent and customer clearly different channels that take turns', () => {
    const [agent, customer] = channelsOf(new ConversationSynth(SID, frames).renderPcm(0, frames, 2));
    const ea = envelope(agent);
    const ec = envelope(customer);
    // both parties speak for a real share of the call
    const speaking = (e: number[]) => e.filter((v) => v > 1000).length / e.length;
    expect(speaking(ea)).toBeGreaterThan(0.15);
    expect(speaking(ec)).toBeGreaterThan(0.15);
    // turn-taking: when one is loud the other is near-silent, so the envelopes anti-correlate
    expect(correlation(ea, ec)).toBeLessThan(-0.2);
    const overlap = ea.filter((v, i) => v > 1000 && ec[i] > 1000).length;
    expect(overlap).toBe(0);
    // the silent side is only a noise floor
    const quietWhileOtherTalks = ec.filter((v, i) => ea[i] > 1000);
    expect(Math.max(...quietWhileOtherTalks)).toBeLessThan(150);
    // and the raw samples are unrelated
    expect(Math.abs(correlation(agent, customer))).toBeLessThan(0.05);
  });

  it('mixes both parties into the mono rendering', () => {
    const synth = new ConversationSynth(SID, frames);
    const mono = synth.renderPcm(0, frames, 1);
    const stereo = synth.renderPcm(0, frames, 2);
    for (let i = 0; i < frames; i += 997) {
      const expected = Math.max(-32768, Math.min(32767, stereo[2 * i] + stereo[2 * i + 1]));
      expect(Math.abs(mono[i] - expected)).toBeLessThanOrEqual(1);
    }
  });

  it('uses 200–800 Hz tones for the agent and a lower voice for the customer', () => {
    const { agent, customer } = new ConversationSynth(SID, frames).plan;
    expect(agent.length).toBeGreaterThan(20);
    expect(customer.length).toBeGreaterThan(20);
    for (const s of agent) {
      expect(s.f0Start).toBeGreaterThanOrEqual(200);
      expect(s.f0Start).toBeLessThanOrEqual(800);
    }
    for (const s of customer) expect(s.f0Start).toBeLessThan(200);
  });
});
