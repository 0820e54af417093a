import { CallRecordDto, TERMINAL_CALL_STATUSES } from '@callrec/contracts';
import { formatClock } from '../../ui/duration/duration.pipe';
import { formatFileSize } from '../../ui/file-size/file-size.pipe';
import { CALL_STATUS_LOOKS } from '../../ui/status-chips/status-labels';
import { primaryRecording } from './call-record-view';

export type StepState = 'done' | 'current' | 'waiting' | 'failed' | 'skipped';

export interface ProgressStep {
  readonly key: 'placed' | 'ringing' | 'answered' | 'ended' | 'recording';
  readonly label: string;
  readonly state: StepState;
  readonly detail: string;
}

const UNANSWERED = ['busy', 'no-answer', 'failed', 'canceled'];

/**
 * The chain a test call walks through (our API → Twilio → webhooks → queue → storage), as
 * steps an admin can read: where it is now, and where it stopped if it stopped.
 */
export function testCallProgress(call: CallRecordDto): ProgressStep[] {
  const status = call.status;
  const unanswered = UNANSWERED.includes(status);
  const answered = call.answeredAt !== null || status === 'in-progress' || status === 'completed';
  const ended = TERMINAL_CALL_STATUSES.includes(status);
  const recording = primaryRecording(call);
  const statusLabel = CALL_STATUS_LOOKS[status].label;

  const ringing: StepState =
    status === 'queued' || status === 'ringing' ? 'current' : answered || status === 'no-answer' ? 'done' : 'failed';
  const answeredState: StepState = answered ? 'done' : unanswered ? 'failed' : status === 'ringing' ? 'current' : 'waiting';
  const endedState: StepState = ended ? (unanswered ? 'failed' : 'done') : answered ? 'current' : 'waiting';

  let recordingState: StepState = 'waiting';
  let recordingDetail = 'Stored a moment after the call ends';
  if (unanswered) {
    recordingState = 'skipped';
    recordingDetail = 'Nothing to record: the call was not answered';
  } else if (recording?.status === 'STORED') {
    recordingState = 'done';
    recordingDetail = `${formatClock(recording.durationSeconds)} · ${formatFileSize(recording.sizeBytes)}, checksum verified`;
  } else if (recording && ['FAILED', 'ABSENT', 'DELETED', 'DELETING'].includes(recording.status)) {
    recordingState = 'failed';
    recordingDetail = recording.lastError ?? `Recording ${recording.status.toLowerCase()}`;
  } else if (ended) {
    recordingState = 'current';
    recordingDetail = recording
      ? `Twilio has it; ${recording.status === 'DOWNLOADING' ? 'downloading' : 'queued for download'}`
      : 'Waiting for Twilio to report it';
  }

  return [
    { key: 'placed', label: 'Placed with Twilio', state: 'done', detail: call.twilioCallSid ?? 'Waiting for a call SID' },
    { key: 'ringing', label: 'Ringing', state: ringing, detail: ringing === 'failed' ? statusLabel : '' },
    { key: 'answered', label: 'Answered', state: answeredState, detail: answeredState === 'failed' ? statusLabel : '' },
    {
      key: 'ended',
      label: 'Ended',
      state: endedState,
      detail:
        ended && !unanswered ? `After ${formatClock(call.durationSeconds)}` : endedState === 'current' ? 'The call is in progress' : '',
    },
    { key: 'recording', label: 'Recording stored', state: recordingState, detail: recordingDetail },
  ];
}

/** Nothing more will change without someone doing something. */
export function testCallSettled(call: CallRecordDto): boolean {
  const steps = testCallProgress(call);
  const recording = steps[steps.length - 1].state;
  return recording === 'done' || recording === 'failed' || recording === 'skipped';
}
