import { Mp3FrameCounter } from './mp3-frames';

/** A silent MPEG-2.5 Layer III stream: 8 kHz, 32 kbit/s, as the emulator and Twilio make. */
function mp3(frames: number, { id3 = 0 } = {}): Buffer {
  // 0xFFE2: sync + MPEG-2.5 + Layer III, no CRC; 0x40: 32 kbit/s (index 4), 8000 Hz (index 2).
  const frameLength = Math.floor((72 * 32000) / 8000);
  const frame = Buffer.alloc(frameLength);
  frame.set([0xff, 0xe3, 0x48, 0xc4]);
  const tag = id3
    ? Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, (id3 >> 7) & 0x7f, id3 & 0x7f]), Buffer.alloc(id3)])
    : Buffer.alloc(0);
  return Buffer.concat([tag, ...Array.from({ length: frames }, () => frame)]);
}

function count(bytes: Buffer, chunk: number): Mp3FrameCounter {
  const counter = new Mp3FrameCounter();
  for (let i = 0; i < bytes.length; i += chunk) counter.push(bytes.subarray(i, i + chunk));
  return counter;
}

describe('Mp3FrameCounter', () => {
  it.each([1, 5, 288, 1000, 1 << 20])('measures the duration whatever the chunk size (%i)', (chunk) => {
    // 8000 Hz, 576 samples per frame: 1000 frames = 72 s.
    const counter = count(mp3(1000, { id3: 300 }), chunk);
    expect(counter.frames).toBe(1000);
    expect(counter.durationSeconds).toBeCloseTo(72, 6);
  });

  it('finds no duration in bytes that are not MP3', () => {
    expect(count(Buffer.from('RIFF....WAVEfmt '.repeat(100)), 64).durationSeconds).toBeNull();
  });
});
