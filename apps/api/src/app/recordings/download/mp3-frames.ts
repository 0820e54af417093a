/** Layer III bitrates in kbit/s by bitrate index: MPEG-1, and MPEG-2 / 2.5. */
const BITRATES = {
  mpeg1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  mpeg2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
};

/**
 * Counts MPEG audio Layer III frames as bytes stream past, to measure an MP3's real
 * duration without decoding it or holding it in memory: each frame header gives the frame's
 * length and sample count. ID3v2 tags are skipped; bytes that are not a frame are skipped
 * one at a time until the next frame sync.
 */
export class Mp3FrameCounter {
  private pending = Buffer.alloc(0);
  private skip = 0;
  private started = false;
  private samples = 0;
  private sampleRate = 0;
  public frames = 0;

  public push(chunk: Buffer): void {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (this.skip > 0) {
      const skipped = Math.min(this.skip, data.length);
      this.skip -= skipped;
      data = data.subarray(skipped);
    }
    let offset = 0;
    while (offset + 10 <= data.length) {
      if (!this.started && data.toString('latin1', offset, offset + 3) === 'ID3') {
        const size = ((data[offset + 6] & 0x7f) << 21) | ((data[offset + 7] & 0x7f) << 14) | ((data[offset + 8] & 0x7f) << 7) | (data[offset + 9] & 0x7f);
        const footer = (data[offset + 5] & 0x10) !== 0 ? 10 : 0;
        offset += 10 + size + footer;
        continue;
      }
      const length = this.frameAt(data, offset);
      if (length === 0) {
        offset += 1;
        continue;
      }
      this.started = true;
      offset += length;
    }
    if (offset > data.length) {
      this.skip = offset - data.length;
      this.pending = Buffer.alloc(0);
    } else {
      this.pending = Buffer.from(data.subarray(offset));
    }
  }

  public get durationSeconds(): number | null {
    return this.sampleRate > 0 ? this.samples / this.sampleRate : null;
  }

  /** The length of the frame at `offset`, counting it; 0 when no valid header is there. */
  private frameAt(data: Buffer, offset: number): number {
    const b1 = data[offset + 1];
    const b2 = data[offset + 2];
    if (data[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return 0;
    const version = (b1 >> 3) & 0x03;
    const layer = (b1 >> 1) & 0x03;
    const bitrateIndex = (b2 >> 4) & 0x0f;
    const rateIndex = (b2 >> 2) & 0x03;
    if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return 0;
    const mpeg1 = version === 3;
    const bitrate = (mpeg1 ? BITRATES.mpeg1 : BITRATES.mpeg2)[bitrateIndex] * 1000;
    const sampleRate = SAMPLE_RATES[version][rateIndex];
    const padding = (b2 >> 1) & 0x01;
    this.frames += 1;
    this.samples += mpeg1 ? 1152 : 576;
    this.sampleRate = sampleRate;
    return Math.floor(((mpeg1 ? 144 : 72) * bitrate) / sampleRate) + padding;
  }
}
