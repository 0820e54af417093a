import { RetentionRunDto } from '@callrec/contracts';
import { formatFileSize } from '../../ui/file-size/file-size.pipe';

/** The first finished run that was not listed before "Run now" was pressed, if any yet. */
export function finishedRunSince(knownIds: ReadonlySet<string>, runs: readonly RetentionRunDto[]): RetentionRunDto | null {
  return runs.find((run) => !knownIds.has(run.id) && run.finishedAt !== null) ?? null;
}

/** One sentence for the snack bar after a sweep. */
export function runOutcome(run: RetentionRunDto): string {
  if (run.error) {
    return `The sweep failed after deleting ${plural(run.deleted, 'recording')}: ${run.error}`;
  }
  if (run.matched === 0) {
    return 'Sweep finished: no recording had expired.';
  }
  const spared = run.skippedHeld > 0 ? `; ${run.skippedHeld} kept under legal hold` : '';
  const failed = run.failed > 0 ? ` ${plural(run.failed, 'recording')} could not be removed: see the Pipeline page.` : '';
  return `Sweep finished: deleted ${plural(run.deleted, 'recording')} (${formatFileSize(run.bytesFreed)})${spared}.${failed}`;
}

export const TRIGGER_LABELS: Record<string, string> = {
  manual: 'Run now',
  cron: 'Nightly',
};

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
