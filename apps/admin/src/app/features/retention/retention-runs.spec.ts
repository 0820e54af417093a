import { retentionRun } from '../../testing/compliance-fixtures';
import { finishedRunSince, runOutcome } from './retention-runs';

describe('retention runs', () => {
  it('waits for a run that is both new and finished', () => {
    const old = retentionRun({ id: 'old' });
    const running = retentionRun({ id: 'new', finishedAt: null });
    expect(finishedRunSince(new Set(['old']), [old])).toBeNull();
    expect(finishedRunSince(new Set(['old']), [running, old])).toBeNull();
    expect(finishedRunSince(new Set(['old']), [{ ...running, finishedAt: '2026-11-25T02:00:09.000Z' }, old])?.id).toBe('new');
  });

  it('says what a sweep did in one sentence', () => {
    expect(runOutcome(retentionRun())).toBe('Sweep finished: deleted 3 recordings (5.4 MB); 1 kept under legal hold.');
    expect(runOutcome(retentionRun({ matched: 1, deleted: 1, skippedHeld: 0, bytesFreed: 640_000 }))).toBe(
      'Sweep finished: deleted 1 recording (640 KB).',
    );
    expect(runOutcome(retentionRun({ matched: 0, deleted: 0, skippedHeld: 0 }))).toBe('Sweep finished: no recording had expired.');
    expect(runOutcome(retentionRun({ deleted: 2, error: 'disk full' }))).toBe('The sweep failed after deleting 2 recordings: disk full');
    expect(runOutcome(retentionRun({ matched: 4, deleted: 3, skippedHeld: 0, failed: 1, failedIds: ['r-1'] }))).toBe(
      'Sweep finished: deleted 3 recordings (5.4 MB). 1 recording could not be removed: see the Pipeline page.',
    );
  });
});
