import { InspectionResult } from './audio-inspector';

/** The audio did not match what Twilio said it would be: download again. */
export class AudioVerificationError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'AudioVerificationError';
  }
}

// Twilio reports whole seconds; our measurement is exact to the sample.
const DURATION_TOLERANCE_SECONDS = 1.5;

export function verifyAudio(input: {
  inspection: InspectionResult;
  durationSeconds: number | null;
  contentLength: number | null;
  expectedChannels: number | null;
  twilioDuration: number | null;
}): void {
  const { inspection, durationSeconds, contentLength, expectedChannels, twilioDuration } = input;
  if (inspection.sizeBytes === 0) {
    throw new AudioVerificationError('Twilio sent an empty file');
  }
  if (contentLength !== null && contentLength !== inspection.sizeBytes) {
    throw new AudioVerificationError(`received ${inspection.sizeBytes} bytes of the ${contentLength} announced`);
  }
  const wav = inspection.wav;
  if (wav) {
    const declared = wav.dataSize > 0 && wav.dataSize < 0xffffffff ? wav.dataOffset + wav.dataSize : null;
    if (declared !== null && declared !== inspection.sizeBytes) {
      throw new AudioVerificationError(`the WAV header declares ${declared} bytes but the file has ${inspection.sizeBytes}`);
    }
    if (expectedChannels !== null && wav.channels !== expectedChannels) {
      throw new AudioVerificationError(`expected ${expectedChannels} channel(s), got ${wav.channels}`);
    }
  }
  if (durationSeconds === null) {
    throw new AudioVerificationError('the duration could not be read from the file');
  }
  if (twilioDuration !== null && Math.abs(durationSeconds - twilioDuration) > DURATION_TOLERANCE_SECONDS) {
    throw new AudioVerificationError(
      `the file lasts ${durationSeconds.toFixed(1)} s but Twilio reported ${twilioDuration} s`,
    );
  }
}
