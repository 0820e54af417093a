import busboy from 'busboy';
import type { Request } from 'express';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errorMessage } from '../../common/errors/error-message';

/** The upload went past IMPORT_MAX_BYTES; the partial file is gone. */
export class UploadTooLargeError extends Error {}
/** A multipart body that cannot be read, or that holds no file. */
export class BadUploadError extends Error {}

export interface SpooledUpload {
  bytes: number;
  /** The file's first line (its header), when it ends within the first 64 KB. */
  firstLine: string | null;
}

const HEAD_BYTES = 64 * 1024;

/**
 * Writes `source` to `path` as it arrives, never holding more than a chunk, and keeps the first
 * line so the header can be checked before the upload is accepted. Past `maxBytes` the write
 * stops and the partial file is removed.
 */
export async function spoolStream(source: Readable, path: string, maxBytes: number): Promise<SpooledUpload> {
  let bytes = 0;
  let head = Buffer.alloc(0);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        callback(new UploadTooLargeError(`The CSV is larger than the import limit of ${maxBytes} bytes (IMPORT_MAX_BYTES)`));
        return;
      }
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, counter, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  const end = head.indexOf(0x0a);
  const firstLine = end >= 0 ? head.subarray(0, end).toString('utf8') : bytes <= HEAD_BYTES ? head.toString('utf8') : null;
  return { bytes, firstLine };
}

/** The first file of a multipart body, spooled like a raw one; other files and fields are skipped. */
export function spoolMultipart(request: Request, path: string, maxBytes: number): Promise<SpooledUpload> {
  return new Promise<SpooledUpload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fields: 20, fieldSize: 64 * 1024 } });
    } catch (error) {
      reject(new BadUploadError(`The multipart body cannot be read: ${errorMessage(error)}`));
      return;
    }
    let spooled: Promise<SpooledUpload> | undefined;
    const stop = (error: Error) => {
      request.unpipe(parser);
      // Read the rest of the body into nothing, so the client gets the answer rather than a reset.
      request.resume();
      reject(error);
    };
    parser.on('file', (_field, file) => {
      if (spooled) {
        file.resume();
        return;
      }
      spooled = spoolStream(file, path, maxBytes);
      spooled.catch(stop);
    });
    parser.on('close', () => {
      if (!spooled) reject(new BadUploadError('The multipart body has no file: send the CSV as a file field'));
      else spooled.then(resolve, reject);
    });
    parser.on('error', (error: Error) => stop(new BadUploadError(`The multipart body cannot be read: ${error.message}`)));
    request.pipe(parser);
  });
}
