import { CallRecordDto, RecordingSummary } from '@callrec/contracts';
import { isLiveCall } from '../../ui/status-chips/status-labels';

export interface RecordingNotice {
  readonly icon: string;
  readonly tone: 'info' | 'warning' | 'error' | 'neutral';
  readonly title: string;
  readonly text: string;
  /** ADMIN may ask for the download again. */
  readonly retryable: boolean;
}

/**
 * What to tell someone who opened a call whose recording cannot be played, in plain words:
 * why, and whether it will change by itself. Null when it can be played.
 */
export function recordingNotice(call: CallRecordDto, recording: RecordingSummary | null): RecordingNotice | null {
  if (!recording) {
    if (isLiveCall(call.status)) {
      return {
        icon: 'call',
        tone: 'info',
        title: 'The call is still going',
        text: 'Its recording is stored a moment after it ends; this panel updates by itself.',
        retryable: false,
      };
    }
    return {
      icon: 'mic_off',
      tone: 'neutral',
      title: 'This call has no recording',
      text:
        call.status === 'completed'
          ? 'Twilio reported no recording for this call.'
          : 'The call was not answered, so there was nothing to record.',
      retryable: false,
    };
  }
  switch (recording.status) {
    case 'STORED':
      return null;
    case 'PENDING':
    case 'DOWNLOADING':
      return {
        icon: 'downloading',
        tone: 'info',
        title: recording.status === 'PENDING' ? 'The recording is on its way' : 'The recording is being downloaded',
        text: 'Twilio has it, and it is stored and checked within a minute or so. This panel updates by itself.',
        retryable: false,
      };
    case 'FAILED':
      return {
        icon: 'error',
        tone: 'error',
        title: 'The recording could not be downloaded',
        text: recording.lastError
          ? `Last error: ${recording.lastError}${recording.errorCode ? ` (Twilio error ${recording.errorCode})` : ''}`
          : 'Every download attempt failed.',
        retryable: true,
      };
    case 'ABSENT':
      return {
        icon: 'mic_off',
        tone: 'warning',
        title: 'Twilio made no recording of this call',
        text: 'Twilio reported the recording as absent, usually because no audio was captured.',
        retryable: false,
      };
    case 'DELETING':
    case 'DELETED':
      return {
        icon: 'delete',
        tone: 'neutral',
        title: recording.status === 'DELETING' ? 'The recording is being deleted' : 'The recording was deleted',
        text: 'Its details and checksum stay in the audit log.',
        retryable: false,
      };
  }
}
