import { CallRecordDto, RecordingSummary } from '@callrec/contracts';

/**
 * The recording a row stands for. A call normally has one; when Twilio sent more (a retried
 * recording), the stored one is what people want to hear, else the newest says what happened.
 */
export function primaryRecording(call: CallRecordDto): RecordingSummary | null {
  return call.recordings.find((recording) => recording.status === 'STORED') ?? call.recordings.at(-1) ?? null;
}

/** Who was called, in the words a row and a heading use: the contact's name, else the number. */
export function calleeName(call: CallRecordDto): string {
  return call.contact?.name ?? call.toNumber;
}
