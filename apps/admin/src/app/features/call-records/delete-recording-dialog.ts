import { RecordingMetadata } from '@callrec/contracts';
import { httpStatusOf } from '../../core/http/api-error';
import { RecordingsApiService } from '../../data-access/recordings-api.service';
import { ReasonDialogData } from '../../ui/reason-dialog/reason-dialog';

/** The API's rule: a deletion reason of at least three characters. */
const MIN_REASON = 3;

/**
 * ADMIN: deletes one recording's audio for a stated reason; the dialog closes with the
 * tombstone. A legal hold refuses it (409), and the API's message names the hold.
 */
export function deleteRecordingDialog(api: RecordingsApiService, recordingId: string, sid: string): ReasonDialogData<RecordingMetadata> {
  return {
    title: 'Delete this recording?',
    message: [
      'The audio of ',
      { mono: sid },
      " is removed for good. The call, the file's checksum, who deleted it and why stay in the audit log.",
    ],
    reasonLabel: 'Reason',
    reasonHint: "Kept in the audit log with the file's checksum",
    reasonError: `Give a reason of at least ${MIN_REASON} characters`,
    minLength: MIN_REASON,
    actionLabel: 'Delete recording',
    progressLabel: 'Deleting',
    destructive: true,
    errorTestId: 'delete-error',
    errorIcon: (error) => (httpStatusOf(error) === 409 ? 'gavel' : 'error'),
    submit: (reason) => api.delete(recordingId, reason),
  };
}
