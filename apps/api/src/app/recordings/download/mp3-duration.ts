import { PassThrough, Readable } from 'node:stream';

/**
 * Reads an MP3's duration from the bytes as they stream past (music-metadata walks the
 * frames), so MP3 recordings are verified as WAV ones are, without reading the file twice.
 */
export function measureMp3Duration(source: Readable): Promise<number | null> {
  const tap = new PassThrough();
  source.on('data', (chunk: Buffer) => tap.write(chunk));
  source.once('end', () => tap.end());
  source.once('error', (error) => tap.destroy(error));
  return import('music-metadata')
    .then(({ parseStream }) => parseStream(tap, { mimeType: 'audio/mpeg' }, { duration: true }))
    .then((metadata) => metadata.format.duration ?? null)
    .finally(() => tap.resume());
}
