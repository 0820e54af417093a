import { Injectable, InternalServerErrorException, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '../../../services/config/app-config';
import { ChunkAuthenticationError } from '../../../services/crypto/chunked-gcm';
import { KeyUnwrapError, UnknownKekError } from '../../../services/crypto/key-encryption';
import { DataKeyMissingError, RecordingVault } from '../../../services/crypto/recording-vault';
import { ByteRange } from '../../../services/storage/recording-store';
import { RecordingStores } from '../../../services/storage/recording-stores';
import { PlayableRecording } from '../recordings.service';
import { capRange, parseRange, RangeRequest, rangeStillValid } from './byte-range';
import { mediaDeliveryFor } from './media-delivery';
import { errorMessage } from '../../../common/errors/error-message';

export interface MediaOptions {
  /** Send as a download with this file name. */
  attachment?: string;
  /** At most this many bytes in one response (a role that may play but not download). */
  maxBytes?: number;
}

/** The bytes a response carried: first and last offset, inclusive. */
export interface SentRange {
  start: number;
  end: number;
}

/**
 * Answers a media request from storage with full single-range semantics: 206 with
 * Content-Range, 416 with `bytes *\/size`, strong ETags from the SHA-256, If-Range,
 * If-None-Match and HEAD. Bytes are streamed from disk, never held in memory. With `maxBytes`
 * no response carries more than that: a shorter 206 from where the range (or the file) starts.
 * With MEDIA_DELIVERY=redirect a GET whose row's store can presign is answered with a 302 to
 * that link instead (see mediaDeliveryFor for who is still proxied).
 */
@Injectable()
export class MediaResponder {
  private readonly logger = new Logger(MediaResponder.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly stores: RecordingStores,
    private readonly vault: RecordingVault,
  ) {}

  public async send(
    request: Request,
    response: Response,
    recording: PlayableRecording,
    options: MediaOptions = {},
  ): Promise<SentRange | null> {
    const size = recording.sizeBytes;
    const etag = `"${recording.sha256}"`;
    const delivery = mediaDeliveryFor({
      configured: this.config.mediaDelivery,
      method: request.method,
      maxBytes: options.maxBytes,
      encrypted: recording.encrypted,
    });
    if (delivery === 'redirect') {
      const location = await this.stores.of(recording.storageBackend).presignRead(recording.storageKey, {
        expiresInSeconds: this.config.mediaPresignSeconds,
        contentType: recording.mimeType,
        ...(options.attachment ? { attachmentName: options.attachment } : {}),
      });
      // null: the row's store cannot presign (a LOCAL row not migrated yet), so it is streamed.
      if (location !== null) {
        // The link is a bearer credential for a while: never cached, never shared.
        response.setHeader('Cache-Control', 'private, no-store');
        response.setHeader('Location', location);
        response.status(302).end();
        return authorisedRange(parseRange(typeof request.headers.range === 'string' ? request.headers.range : undefined, size), size);
      }
    }
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('ETag', etag);
    // Call audio is personal data: keep it out of shared caches and off disk caches.
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (request.headers['if-none-match'] === etag) {
      this.describeMedia(response, recording, options);
      response.status(304).end();
      return null;
    }

    const header = typeof request.headers.range === 'string' ? request.headers.range : undefined;
    const ifRange = typeof request.headers['if-range'] === 'string' ? request.headers['if-range'] : undefined;
    const asked = rangeStillValid(ifRange, etag) ? parseRange(header, size) : { kind: 'full' as const };
    const range = capRange(asked, size, options.maxBytes);
    if (range.kind === 'unsatisfiable') {
      response.setHeader('Content-Range', `bytes */${size}`);
      response.status(416).json({
        statusCode: 416,
        error: 'Range Not Satisfiable',
        message: `The range "${header}" lies outside the ${size} bytes of this recording`,
      });
      return null;
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end : size - 1;
    const body = request.method === 'HEAD' || size === 0 ? null : await this.openOrExplain(recording, { start, end });
    // An encrypted range is decrypted before its status goes out, as far as its first chunk: a
    // stored object that fails its integrity check there is a clear error, not a 206 cut short.
    if (body && recording.encrypted) {
      const failure = await firstFailure(body);
      if (failure) {
        body.destroy();
        if (!(failure instanceof ChunkAuthenticationError)) throw failure;
        throw new RecordingIntegrityException(failure.message);
      }
    }
    // Only now, with the media about to go out: an error answered before this (416, a key or
    // integrity failure) is JSON, not labelled as audio nor offered as a file to save.
    this.describeMedia(response, recording, options);
    if (range.kind === 'partial') {
      response.status(206);
      response.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    } else {
      response.status(200);
    }
    response.setHeader('Content-Length', String(size === 0 ? 0 : end - start + 1));
    if (!body) {
      response.end();
      return null;
    }
    // Counted as they go out, so an aborted response reports what it carried, not what it promised.
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sent += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, response);
    } catch (error) {
      // The listener went away mid-stream (seeking does this constantly); nothing to answer. A
      // chunk failing its integrity check later in the range cuts the response short: the
      // client sees an incomplete body, never altered audio (the vault has logged it).
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        this.logger.warn(`Streaming ${recording.twilioRecordingSid} failed: ${errorMessage(error)}`);
      }
    }
    return sent > 0 ? { start, end: start + sent - 1 } : null;
  }

  private describeMedia(response: Response, recording: PlayableRecording, options: MediaOptions): void {
    response.setHeader('Content-Type', recording.mimeType);
    if (options.attachment) {
      response.setHeader('Content-Disposition', `attachment; filename="${options.attachment}"`);
    }
  }

  /** The plaintext of a range, with the vault's key errors turned into answers that say what is wrong. */
  private async openOrExplain(recording: PlayableRecording, range: ByteRange): Promise<Readable> {
    try {
      return await this.vault.open(recording, range);
    } catch (error) {
      if (error instanceof UnknownKekError) throw new ServiceUnavailableException(error.message);
      if (error instanceof KeyUnwrapError || error instanceof DataKeyMissingError) {
        this.logger.error(`${recording.twilioRecordingSid}: ${error.message}`);
        throw new RecordingIntegrityException(error.message);
      }
      throw error;
    }
  }
}

/** The stored audio (or its data key) failed its integrity check: nothing of it is served. */
export class RecordingIntegrityException extends InternalServerErrorException {
  public constructor(message: string) {
    super(message);
  }
}

/**
 * What a redirected request was authorised to fetch: the range it asked for (a player's
 * request carries its Range through the redirect), or the whole object. The store serves the
 * bytes, so this is what the session's audit can know, not what was actually carried.
 */
function authorisedRange(asked: RangeRequest, size: number): SentRange | null {
  if (size === 0 || asked.kind === 'unsatisfiable') return null;
  return asked.kind === 'partial' ? { start: asked.start, end: asked.end } : { start: 0, end: size - 1 };
}

/**
 * Waits until the stream has its first bytes (or has ended) and resolves null, or resolves the
 * error it failed with first. The bytes stay buffered in the stream for the pipeline after.
 */
function firstFailure(stream: Readable): Promise<Error | null> {
  return new Promise((resolve) => {
    const settle = (error: Error | null) => {
      stream.off('readable', ok).off('end', ok).off('error', fail);
      resolve(error);
    };
    const ok = () => settle(null);
    const fail = (error: Error) => settle(error);
    stream.once('readable', ok).once('end', ok).once('error', fail);
  });
}
