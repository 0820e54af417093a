export interface WavFormat {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Byte offset of the PCM data. */
  dataOffset: number;
  /** Declared PCM byte count (0xFFFFFFFF or 0 when the writer did not know it). */
  dataSize: number;
}

export class AudioFormatError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'AudioFormatError';
  }
}

/**
 * Reads a RIFF/WAVE header from the first bytes of a file. Returns null while more bytes are
 * needed; throws when the bytes cannot be a PCM WAV file.
 */
export function parseWavHeader(head: Buffer): WavFormat | null {
  if (head.length < 12) return null;
  if (head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') {
    throw new AudioFormatError('not a RIFF/WAVE file');
  }
  let offset = 12;
  let format: Omit<WavFormat, 'dataOffset' | 'dataSize'> | null = null;
  while (offset + 8 <= head.length) {
    const id = head.toString('ascii', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'data') {
      if (!format) throw new AudioFormatError('data chunk before fmt chunk');
      return { ...format, dataOffset: body, dataSize: size };
    }
    if (body + size > head.length) return null;
    if (id === 'fmt ') {
      const audioFormat = head.readUInt16LE(body);
      if (audioFormat !== 1 && audioFormat !== 0xfffe) throw new AudioFormatError(`unsupported WAV encoding ${audioFormat}`);
      format = {
        channels: head.readUInt16LE(body + 2),
        sampleRate: head.readUInt32LE(body + 4),
        bitsPerSample: head.readUInt16LE(body + 14),
      };
      if (format.bitsPerSample !== 16 || format.channels < 1 || format.channels > 8 || format.sampleRate < 1) {
        throw new AudioFormatError(`unsupported WAV format: ${format.channels} channels, ${format.bitsPerSample}-bit`);
      }
    }
    offset = body + size + (size % 2);
    if (offset > 64 * 1024) throw new AudioFormatError('no data chunk in the first 64 KiB');
  }
  return null;
}
