import { CallStatus, TERMINAL_CALL_STATUSES } from '@callrec/contracts';
import { CallStatus as DbCallStatus } from '../generated/prisma/enums';

// Prisma names enum members as identifiers; the database and the API use Twilio's words.
const TO_DB: Record<CallStatus, DbCallStatus> = {
  queued: 'queued',
  ringing: 'ringing',
  'in-progress': 'in_progress',
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'failed',
  canceled: 'canceled',
};
const FROM_DB = Object.fromEntries(Object.entries(TO_DB).map(([api, db]) => [db, api])) as Record<DbCallStatus, CallStatus>;

export function toDbCallStatus(status: CallStatus): DbCallStatus {
  return TO_DB[status];
}

export function fromDbCallStatus(status: DbCallStatus): CallStatus {
  return FROM_DB[status];
}

export const TERMINAL_DB_CALL_STATUSES: DbCallStatus[] = TERMINAL_CALL_STATUSES.map(toDbCallStatus);

/** Twilio's CallStatus word in a callback, as our status; `initiated` means still queued. */
export function parseTwilioCallStatus(value: string | undefined): CallStatus | null {
  if (value === 'initiated') return 'queued';
  return value !== undefined && value in TO_DB ? (value as CallStatus) : null;
}
