import { formatNumber } from '@angular/common';
import { LegalHoldDto } from '@callrec/contracts';
import { LegalHoldsApiService } from '../../data-access/legal-holds-api.service';
import { ReasonDialogData } from '../../ui/reason-dialog/reason-dialog';

/**
 * Releasing is the one step that lets retention delete again, so it always says why; the
 * dialog closes with the released hold.
 */
export function releaseHoldDialog(api: LegalHoldsApiService, hold: LegalHoldDto, locale: string): ReasonDialogData<LegalHoldDto> {
  const covered = hold.coveredRecordings;
  return {
    title: `Release ${hold.name}?`,
    message: [
      `Its ${formatNumber(covered, locale)} ${covered === 1 ? 'recording falls' : 'recordings fall'} back under the retention policies; ` +
        'expired ones are deleted at the next sweep. The release and its reason stay in the audit log.',
    ],
    reasonLabel: 'Reason for releasing',
    reasonError: 'Say why the hold can end, for example who authorised it',
    actionLabel: 'Release hold',
    progressLabel: 'Releasing',
    destructive: true,
    submit: (reason) => api.release(hold.id, reason),
  };
}
