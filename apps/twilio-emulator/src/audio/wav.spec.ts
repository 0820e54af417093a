import { ConversationSynth } from './synth';
import { framesForDuration, wavBytes, wavHeader, wavTotalBytes, WAV_HEADER_BYTES } from './wav';

const collect = (it: Iterable<Buffer>) => Buffer.concat([...it]);

describe('WAV encoding', () => {
  it('writes a canonical 8 kHz 16-bit PCM header', () => {
    const h = wavHeader(8000 * 3, 2);
    expect(h.length).toBe(44);
    expect(h.toString('ascii', 0, 4)).toBe('RIFF');
    expect(h.readUInt32LE(4)).toBe(36 + 8000 * 3 * 4);
    expect(h.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect(h.readUInt32LE(16)).toBe(16);
    expect(h.readUInt16LE(20)).toBe(1);
    expect(h.readUInt16LE(22)).toBe(2);
    expect(h.readUInt32LE(24)).toBe(8000);
    expect(h.readUInt32LE(28)).toBe(32000);
    expect(h.readUInt16LE(32)).toBe(4);
    expect(h.readUInt16LE(34)).toBe(16);
    expect(h.toString('ascii', 36, 40)).toBe('data');
    expect(h.readUInt32LE(40)).toBe(8000 * 3 * 4);
  });

  it('turns a duration into frames to the millisecond', () => {
    expect(framesForDuration(1000)).toBe(8000);
    expect(framesForDuration(1234)).toBe(9872);
    expect(framesForDuration(180_000)).toBe(1_440_000);
    expect(framesForDuration(0)).toBe(0);
    expect(wavTotalBytes(framesForDuration(2500), 1)).toBe(44 + 20_000 * 2);
    expect(wavTotalBytes(framesForDuration(2500), 2)).toBe(44 + 20_000 * 4);
  });

  it('streams exactly the declared number of bytes, in bounded chunks', () => {
    const synth = new ConversationSynth('RE00000000000000000000000000000001', framesForDuration(3456));
    const total = wavTotalBytes(synth.totalFrames, 2);
    const chunks = [...wavBytes(synth, 2, 0, total - 1)];
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(total);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(8000 * 4);
  });

  it('serves any byte range identical to the same slice of the whole file', () => {
    const synth = new ConversationSynth('RE00000000000000000000000000000002', framesForDuration(2100));
    for (const channels of [1, 2] as const) {
      const total = wavTotalBytes(synth.totalFrames, channels);
      const whole = collect(wavBytes(synth, channels, 0, total - 1));
      for (const [a, b] of [
        [0, 10],
        [10, 60],
        [WAV_HEADER_BYTES, WAV_HEADER_BYTES + 1],
        [45, 16_046],
        [8_001, total - 1],
        [total - 3, total - 1],
      ]) {
        expect(collect(wavBytes(synth, channels, a, b)).equals(whole.subarray(a, b + 1))).toBe(true);
      }
    }
  });
});
