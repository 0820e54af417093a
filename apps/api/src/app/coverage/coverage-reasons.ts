import { CoverageReason, CoverageRow, RecordingStatus } from '@callrec/contracts';

/**
 * Where a call stands, from the best of its recordings (design 9.7): each answered call counts
 * once, in the first state that applies. Lawfully deleted audio (retention, erasure, an ADMIN)
 * was recorded: its deletion is not a gap.
 */
export const RECORDED_STATUSES: readonly RecordingStatus[] = ['STORED', 'DELETING', 'DELETED'];

/** The fields a missing call's reason and sentence come from. */
export interface GapFacts {
  /** The status of the call's deciding recording, null when it has none. */
  recordingStatus: RecordingStatus | null;
  twilioRecordingSid: string | null;
  errorCode: number | null;
  lastError: string | null;
  attempts: number | null;
}

export function reasonOf(recordingStatus: RecordingStatus | null): CoverageReason {
  if (recordingStatus === null) return 'NO_CALLBACK';
  if (recordingStatus === 'ABSENT') return 'ABSENT';
  if (recordingStatus === 'FAILED') return 'FAILED';
  return 'PENDING';
}

/** A sentence for people about why the call has no recording. */
export function gapDetail(facts: GapFacts): string {
  const sid = facts.twilioRecordingSid ?? 'the recording';
  switch (reasonOf(facts.recordingStatus)) {
    case 'NO_CALLBACK':
      return "Twilio's recording callback never came and reconciliation has not found a recording of this call";
    case 'ABSENT':
      return facts.errorCode === null
        ? 'Twilio reported the recording absent'
        : `Twilio reported the recording absent (ErrorCode ${facts.errorCode})`;
    case 'FAILED': {
      const attempts = facts.attempts ?? 0;
      const tries = `${attempts} download attempt${attempts === 1 ? '' : 's'}`;
      return `Downloading ${sid} failed after ${tries}: ${facts.lastError ?? 'no error was recorded'}`;
    }
    case 'PENDING':
      return facts.recordingStatus === 'DOWNLOADING'
        ? `${sid} is being downloaded`
        : `${sid} is known and waiting to be downloaded${facts.lastError ? ` (last error: ${facts.lastError})` : ''}`;
  }
}

export type CoverageCounts = Omit<CoverageRow, 'key' | 'label' | 'coverage'>;

/** recorded / answered; 1 when nothing was answered (nothing could be missed). */
export function coverageOf(counts: Pick<CoverageCounts, 'answered' | 'recorded'>): number {
  return counts.answered === 0 ? 1 : counts.recorded / counts.answered;
}

/** The sum of rows that each hold distinct calls (every call is in exactly one group). */
export function totalOf(rows: readonly CoverageCounts[]): Omit<CoverageRow, 'key' | 'label'> {
  const total: CoverageCounts = { answered: 0, recorded: 0, missing: 0, failed: 0, absent: 0 };
  for (const row of rows) {
    total.answered += row.answered;
    total.recorded += row.recorded;
    total.missing += row.missing;
    total.failed += row.failed;
    total.absent += row.absent;
  }
  return { ...total, coverage: coverageOf(total) };
}
