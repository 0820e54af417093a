import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AudioInspector } from './audio-inspector';
import { parseWavHeader } from './wav-header';

function wav(channels: number, frames: number, sample: (frame: number, channel: number) => number): Buffer {
  const data = Buffer.alloc(frames * channels * 2);
  for (let f = 0; f < frames; f += 1) {
    for (let c = 0; c < channels; c += 1) data.writeInt16LE(sample(f, c), (f * channels + c) * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000 * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

async function inspect(bytes: Buffer, chunkSize: number) {
  const inspector = new AudioInspector(true);
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunkSize) }, (_, i) => bytes.subarray(i * chunkSize, (i + 1) * chunkSize));
  await pipeline(Readable.from(chunks), inspector, new Writable({ write: (_c, _e, cb) => cb() }));
  return inspector.result();
}

describe('AudioInspector', () => {
  // 2 s of stereo: the agent loud in the first second, the customer in the second.
  const file = wav(2, 16000, (frame, channel) => ((channel === 0) === frame < 8000 ? 16384 : 0));

  it.each([1, 7, 44, 4096, 1 << 20])('gives the same hash, duration and peaks whatever the chunking (%i bytes)', async (chunkSize) => {
    const result = await inspect(file, chunkSize);
    expect(result.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    expect(result.sizeBytes).toBe(file.length);
    expect(result.durationSeconds).toBe(2);
    expect(result.wav).toMatchObject({ channels: 2, sampleRate: 8000 });
    const [agent, customer] = result.peaks!.channels;
    expect(agent).toHaveLength(200);
    expect(agent.slice(0, 100).every((v) => v === 0.5)).toBe(true);
    expect(agent.slice(100).every((v) => v === 0)).toBe(true);
    expect(customer.slice(0, 100).every((v) => v === 0)).toBe(true);
    expect(customer.slice(100).every((v) => v === 0.5)).toBe(true);
  });

  it('accepts the plain Uint8Array chunks of a web stream', async () => {
    const inspector = new AudioInspector(true);
    const chunks = [new Uint8Array(file.subarray(0, 30)), new Uint8Array(file.subarray(30))];
    await pipeline(Readable.from(chunks), inspector, new Writable({ write: (_c, _e, cb) => cb() }));
    expect(inspector.result().durationSeconds).toBe(2);
  });

  it('rejects bytes that are not WAV', async () => {
    await expect(inspect(Buffer.from('<html>Service Unavailable</html>'.padEnd(100)), 16)).rejects.toThrow('not a RIFF/WAVE file');
    expect(() => parseWavHeader(Buffer.from('RIFF\0\0\0\0WAVE'))).not.toThrow();
  });

  it('counts only the audio actually received when a file is cut short', async () => {
    const result = await inspect(file.subarray(0, 44 + 8000 * 4), 1000);
    expect(result.durationSeconds).toBe(1);
  });
});
