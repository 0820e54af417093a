import { CallOutcome, CallStatus, CoverageReason, RecordingStatus } from '@callrec/contracts';

/** Colour families shared by every status in the product; the words carry the meaning. */
export type StatusTone = 'success' | 'info' | 'warning' | 'error' | 'neutral' | 'violet';

export interface StatusLook {
  readonly label: string;
  readonly tone: StatusTone;
  readonly icon?: string;
}

export const OUTCOME_LOOKS: Record<CallOutcome, StatusLook> = {
  SALE: { label: 'Sale', tone: 'success' },
  CALLBACK: { label: 'Callback', tone: 'info' },
  NOT_INTERESTED: { label: 'Not interested', tone: 'neutral' },
  NO_ANSWER: { label: 'No answer', tone: 'neutral' },
  VOICEMAIL: { label: 'Voicemail', tone: 'violet' },
  WRONG_NUMBER: { label: 'Wrong number', tone: 'warning' },
  DO_NOT_CALL: { label: 'Do not call', tone: 'error' },
  OTHER: { label: 'Other', tone: 'neutral' },
};

export const CALL_STATUS_LOOKS: Record<CallStatus, StatusLook> = {
  queued: { label: 'Queued', tone: 'info' },
  ringing: { label: 'Ringing', tone: 'info' },
  'in-progress': { label: 'In progress', tone: 'info' },
  completed: { label: 'Completed', tone: 'success' },
  busy: { label: 'Busy', tone: 'warning' },
  'no-answer': { label: 'No answer', tone: 'warning' },
  failed: { label: 'Failed', tone: 'error' },
  canceled: { label: 'Canceled', tone: 'neutral' },
};

export const RECORDING_STATUS_LOOKS: Record<RecordingStatus, StatusLook> = {
  PENDING: { label: 'Pending', tone: 'info', icon: 'schedule' },
  DOWNLOADING: { label: 'Downloading', tone: 'info', icon: 'downloading' },
  STORED: { label: 'Stored', tone: 'success', icon: 'check_circle' },
  FAILED: { label: 'Failed', tone: 'error', icon: 'error' },
  ABSENT: { label: 'Absent', tone: 'warning', icon: 'mic_off' },
  DELETING: { label: 'Deleting', tone: 'neutral', icon: 'auto_delete' },
  DELETED: { label: 'Deleted', tone: 'neutral', icon: 'delete' },
};

/** Why an answered call has no stored recording (coverage, design 9.7). */
export const COVERAGE_REASON_LOOKS: Record<CoverageReason, StatusLook> = {
  NO_CALLBACK: { label: 'No callback', tone: 'warning', icon: 'notifications_off' },
  PENDING: { label: 'Pending', tone: 'info', icon: 'schedule' },
  ABSENT: { label: 'Absent', tone: 'violet', icon: 'mic_off' },
  FAILED: { label: 'Download failed', tone: 'error', icon: 'error' },
};

/** A call still on the line: its row is live and its recording cannot exist yet. */
export function isLiveCall(status: CallStatus): boolean {
  return status === 'queued' || status === 'ringing' || status === 'in-progress';
}
