import type { Request, Response } from 'express';
import { Mp3Cache } from '../audio/mp3';
import { parseRange, sendChunks, type ByteRange } from '../audio/media-stream';
import { ConversationSynth } from '../audio/synth';
import { framesForDuration, wavBytes, wavTotalBytes } from '../audio/wav';
import { badParam, notFound, TwilioHttpError } from '../errors';
import type { FaultSet } from '../faults/fault-set';
import { single, toParams } from '../http/params';
import type { RecordingRecord } from '../store/state';
import { pathOf } from './rest-context';

export type MediaFormat = 'wav' | 'mp3';

const MP3_SLICE = 64 * 1024;
const SYNTH_CACHE_SIZE = 32;

/**
 * Recording media: `Recordings/{Sid}`, `.wav` and `.mp3`, with Twilio's visible behaviour (404
 * until completed, `RequestedChannels`) plus the media faults. WAV is generated while streaming,
 * so its memory use does not grow with the call length.
 */
export class MediaService {
  private readonly mp3 = new Mp3Cache();
  private readonly synths = new Map<string, ConversationSynth>();

  constructor(
    private readonly faultsFor: (callSid: string) => FaultSet,
    private readonly closing: AbortSignal,
  ) {}

  async serve(req: Request, res: Response, rec: RecordingRecord | undefined, format: MediaFormat): Promise<void> {
    if (!rec || rec.status !== 'completed' || rec.completedAt === null) throw notFound(pathOf(req));
    const channels = this.requestedChannels(req, rec);
    const faults = this.faultsFor(rec.callSid);
    if (faults.media404Seconds && Date.now() < rec.completedAt + faults.media404Seconds * 1000) {
      throw notFound(pathOf(req));
    }
    rec.mediaRequests++;
    if (faults.media500Count && rec.mediaRequests <= faults.media500Count) {
      throw new TwilioHttpError(500, 20500, 'Internal Server Error');
    }
    const synth = this.synthFor(rec);
    const opts = { bytesPerSecond: faults.mediaBytesPerSecond, signal: this.closing };
    res.set('Accept-Ranges', 'bytes');
    if (format === 'wav') {
      const total = wavTotalBytes(synth.totalFrames, channels);
      const range = this.applyRange(req, res, total, 'audio/x-wav');
      if (!range) return;
      if (req.method === 'HEAD') return void res.end();
      await sendChunks(res, wavBytes(synth, channels, range.start, range.end), opts);
      return;
    }
    const job = this.mp3.get(rec.sid, channels, () => synth);
    if (job.done && !job.error) {
      const file = job.buffer();
      const range = this.applyRange(req, res, file.length, 'audio/mpeg');
      if (!range) return;
      if (req.method === 'HEAD') return void res.end();
      await sendChunks(res, slices(file, range), opts);
      return;
    }
    // Still encoding: stream it as it comes, without a length (chunked). Ranges need the whole file.
    res.status(200).type('audio/mpeg');
    if (req.method === 'HEAD') return void res.end();
    await sendChunks(res, job.stream(), opts);
  }

  dropRecording(sid: string): void {
    this.mp3.drop(sid);
    this.synths.delete(sid);
  }

  clear(): void {
    this.mp3.clear();
    this.synths.clear();
  }

  /** Default is the mono mix; `RequestedChannels=2` asks for the two legs of a dual recording. */
  private requestedChannels(req: Request, rec: RecordingRecord): 1 | 2 {
    const raw = single(toParams(req.query), 'RequestedChannels');
    if (raw === undefined || raw === '1') return 1;
    if (raw !== '2') throw badParam('RequestedChannels must be 1 or 2');
    if (rec.channels !== 2) {
      throw badParam(`RequestedChannels=2 is not available: recording ${rec.sid} has 1 channel`);
    }
    return 2;
  }

  /** Sets status, type and length for a full or single-range answer; null once a 416 was sent. */
  private applyRange(req: Request, res: Response, total: number, type: string): ByteRange | null {
    const range = parseRange(req.headers.range, total);
    res.type(type);
    if (range === 'unsatisfiable') {
      res.status(416).set('Content-Range', `bytes */${total}`).end();
      return null;
    }
    if (range) {
      res.status(206).set('Content-Range', `bytes ${range.start}-${range.end}/${total}`);
      res.set('Content-Length', String(range.end - range.start + 1));
      return range;
    }
    res.status(200).set('Content-Length', String(total));
    return { start: 0, end: total - 1 };
  }

  private synthFor(rec: RecordingRecord): ConversationSynth {
    let synth = this.synths.get(rec.sid);
    if (!synth) {
      synth = new ConversationSynth(rec.sid, framesForDuration(rec.durationMs ?? 0));
      if (this.synths.size >= SYNTH_CACHE_SIZE) this.synths.delete(this.synths.keys().next().value as string);
      this.synths.set(rec.sid, synth);
    }
    return synth;
  }
}

function* slices(file: Buffer, range: ByteRange): Generator<Buffer> {
  for (let pos = range.start; pos <= range.end; pos += MP3_SLICE) {
    yield file.subarray(pos, Math.min(range.end + 1, pos + MP3_SLICE));
  }
}
