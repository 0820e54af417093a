import { RecordingPeaks } from '@callrec/contracts';
import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { Mp3FrameCounter } from './mp3-frames';
import { AudioFormatError, parseWavHeader, WavFormat } from './wav-header';
import { asError } from '../../../common/errors/error-message';

/** Peaks are kept to about this many points per channel, whatever the length. */
const TARGET_PEAKS = 4000;
/** …but never coarser than one point per 10 ms of 8 kHz audio for short calls. */
const MIN_FRAMES_PER_PEAK = 80;

export interface InspectionResult {
  sha256: string;
  sizeBytes: number;
  wav: WavFormat | null;
  /** Seconds of audio actually received: PCM frames for WAV, MPEG frames for MP3. */
  durationSeconds: number | null;
  peaks: RecordingPeaks | null;
}

/**
 * A pass-through stream that looks at the audio on its way to storage: SHA-256 and size of
 * every byte, and for WAV the format, the real duration and per-channel waveform peaks, all
 * in the same single pass.
 */
export class AudioInspector extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private size = 0;
  private head: Buffer | null = Buffer.alloc(0);
  private wav: WavFormat | null = null;
  private pcmBytes = 0;
  private carry: Buffer = Buffer.alloc(0);
  private framesPerPeak = MIN_FRAMES_PER_PEAK;
  private framesInPeak = 0;
  private current: number[] = [];
  private peaks: number[][] = [];
  private readonly mp3 = new Mp3FrameCounter();

  public constructor(private readonly expectWav: boolean) {
    super();
  }

  public override _transform(data: Buffer | Uint8Array, _encoding: BufferEncoding, done: TransformCallback): void {
    // Web streams (fetch) hand over plain Uint8Arrays; view them as Buffers without copying.
    const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.hash.update(chunk);
    this.size += chunk.length;
    try {
      if (this.expectWav) this.inspect(chunk);
      else this.mp3.push(chunk);
    } catch (error) {
      done(asError(error));
      return;
    }
    done(null, chunk);
  }

  public result(): InspectionResult {
    if (this.framesInPeak > 0) this.flushPeak();
    const wav = this.wav;
    const frameBytes = wav ? wav.channels * 2 : 0;
    const duration = wav ? Math.floor(this.pcmBytes / frameBytes) / wav.sampleRate : this.mp3.durationSeconds;
    return {
      sha256: this.hash.digest('hex'),
      sizeBytes: this.size,
      wav,
      durationSeconds: duration,
      peaks:
        wav && duration !== null
          ? {
              channels: this.peaks.map((channel) => channel.map((value) => Math.round(value * 1000) / 1000)),
              sampleRate: wav.sampleRate,
              samplesPerPeak: this.framesPerPeak,
              durationSeconds: duration,
            }
          : null,
    };
  }

  private inspect(chunk: Buffer): void {
    if (this.head) {
      this.head = Buffer.concat([this.head, chunk]);
      const format = parseWavHeader(this.head);
      if (!format) {
        if (this.head.length > 64 * 1024) throw new AudioFormatError('no WAV header in the first 64 KiB');
        return;
      }
      this.wav = format;
      const declaredFrames = format.dataSize > 0 && format.dataSize < 0xffffffff ? format.dataSize / (format.channels * 2) : 0;
      this.framesPerPeak = Math.max(MIN_FRAMES_PER_PEAK, Math.ceil(declaredFrames / TARGET_PEAKS));
      this.peaks = Array.from({ length: format.channels }, () => []);
      this.current = new Array<number>(format.channels).fill(0);
      const rest = this.head.subarray(format.dataOffset);
      this.head = null;
      this.consumePcm(rest);
      return;
    }
    this.consumePcm(chunk);
  }

  private consumePcm(bytes: Buffer): void {
    const wav = this.wav;
    if (!wav || bytes.length === 0) return;
    const data = this.carry.length ? Buffer.concat([this.carry, bytes]) : bytes;
    const channels = wav.channels;
    const whole = data.length - (data.length % (channels * 2));
    // A typed view instead of readInt16LE per sample (bounds-checked calls were most of the
    // ingest worker's own CPU); WAV PCM is little-endian, as is every CPU Node runs on here.
    const samples = int16View(data, whole);
    const current = this.current;
    for (let index = 0; index < samples.length; index += channels) {
      for (let channel = 0; channel < channels; channel += 1) {
        const sample = samples[index + channel];
        const magnitude = sample < 0 ? -sample : sample;
        if (magnitude > current[channel]) current[channel] = magnitude;
      }
      this.framesInPeak += 1;
      if (this.framesInPeak === this.framesPerPeak) this.flushPeak();
    }
    this.pcmBytes += whole;
    this.carry = Buffer.from(data.subarray(whole));
  }

  private flushPeak(): void {
    for (let channel = 0; channel < this.current.length; channel += 1) {
      this.peaks[channel].push(this.current[channel] / 32768);
      this.current[channel] = 0;
    }
    this.framesInPeak = 0;
  }
}

/** The first `length` bytes as 16-bit samples, without copying when the buffer is aligned. */
function int16View(data: Buffer, length: number): Int16Array {
  if (data.byteOffset % 2 === 0) return new Int16Array(data.buffer, data.byteOffset, length / 2);
  const copy = new Uint8Array(length);
  copy.set(data.subarray(0, length));
  return new Int16Array(copy.buffer);
}
