import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { RecordingStore } from '../../../services/storage/recording-store';
import { PlayableRecording } from '../recordings.service';
import { parseRange, rangeStillValid } from './byte-range';

/**
 * Answers a media request from storage with full single-range semantics: 206 with
 * Content-Range, 416 with `bytes *\/size`, strong ETags from the SHA-256, If-Range,
 * If-None-Match and HEAD. Bytes are streamed from disk, never held in memory.
 */
@Injectable()
export class MediaResponder {
  private readonly logger = new Logger(MediaResponder.name);

  public constructor(private readonly store: RecordingStore) {}

  public async send(
    request: Request,
    response: Response,
    recording: PlayableRecording,
    disposition?: { attachment: string },
  ): Promise<void> {
    const size = recording.sizeBytes;
    const etag = `"${recording.sha256}"`;
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('ETag', etag);
    response.setHeader('Content-Type', recording.mimeType);
    // Call audio is personal data: keep it out of shared caches and off disk caches.
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (disposition) {
      response.setHeader('Content-Disposition', `attachment; filename="${disposition.attachment}"`);
    }
    if (request.headers['if-none-match'] === etag) {
      response.status(304).end();
      return;
    }

    const header = typeof request.headers.range === 'string' ? request.headers.range : undefined;
    const ifRange = typeof request.headers['if-range'] === 'string' ? request.headers['if-range'] : undefined;
    const range = rangeStillValid(ifRange, etag) ? parseRange(header, size) : { kind: 'full' as const };
    if (range.kind === 'unsatisfiable') {
      response.setHeader('Content-Range', `bytes */${size}`);
      response.status(416).json({
        statusCode: 416,
        error: 'Range Not Satisfiable',
        message: `The range "${header}" lies outside the ${size} bytes of this recording`,
      });
      return;
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end : size - 1;
    if (range.kind === 'partial') {
      response.status(206);
      response.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    } else {
      response.status(200);
    }
    response.setHeader('Content-Length', String(size === 0 ? 0 : end - start + 1));
    if (request.method === 'HEAD' || size === 0) {
      response.end();
      return;
    }
    const body = await this.store.read(recording.storageKey, { start, end });
    try {
      await pipeline(body, response);
    } catch (error) {
      // The listener went away mid-stream (seeking does this constantly); nothing to answer.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        this.logger.warn(`Streaming ${recording.twilioRecordingSid} failed: ${(error as Error).message}`);
      }
    }
  }
}
