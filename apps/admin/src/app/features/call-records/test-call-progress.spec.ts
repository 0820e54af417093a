import { callRecord, recordingSummary } from '../../testing/call-fixtures';
import { testCallProgress, testCallSettled } from './test-call-progress';

const states = (call: Parameters<typeof testCallProgress>[0]) =>
  Object.fromEntries(testCallProgress(call).map((step) => [step.key, step.state]));

describe('testCallProgress', () => {
  it('follows a call from placed to stored', () => {
    const queued = callRecord({ status: 'queued', answeredAt: null, endedAt: null, durationSeconds: null, recordings: [] });
    expect(states(queued)).toEqual({ placed: 'done', ringing: 'current', answered: 'waiting', ended: 'waiting', recording: 'waiting' });

    const talking = { ...queued, status: 'in-progress' as const, answeredAt: '2026-11-25T12:00:01.000Z' };
    expect(states(talking)).toEqual({ placed: 'done', ringing: 'done', answered: 'done', ended: 'current', recording: 'waiting' });

    const ended = { ...talking, status: 'completed' as const, durationSeconds: 12, recordings: [recordingSummary({ status: 'PENDING' })] };
    expect(states(ended)).toMatchObject({ ended: 'done', recording: 'current' });
    expect(testCallSettled(ended)).toBe(false);

    const stored = { ...ended, recordings: [recordingSummary({ status: 'STORED', durationSeconds: 12, sizeBytes: 192_044 })] };
    expect(states(stored)).toMatchObject({ recording: 'done' });
    expect(testCallProgress(stored)[4].detail).toBe('0:12 · 192 KB, checksum verified');
    expect(testCallProgress(stored)[3].detail).toBe('After 0:12');
    expect(testCallSettled(stored)).toBe(true);
  });

  it('says where an unanswered call stopped and that there is nothing to record', () => {
    const busy = callRecord({ status: 'busy', answeredAt: null, durationSeconds: 0, recordings: [] });
    expect(states(busy)).toEqual({ placed: 'done', ringing: 'failed', answered: 'failed', ended: 'failed', recording: 'skipped' });
    expect(testCallProgress(busy)[1].detail).toBe('Busy');
    expect(testCallSettled(busy)).toBe(true);

    const noAnswer = { ...busy, status: 'no-answer' as const };
    expect(states(noAnswer)).toMatchObject({ ringing: 'done', answered: 'failed' });
  });

  it('shows the reason a recording failed', () => {
    const failed = callRecord({ recordings: [recordingSummary({ status: 'FAILED', lastError: 'Media answered 500 five times' })] });
    expect(testCallProgress(failed)[4]).toMatchObject({ state: 'failed', detail: 'Media answered 500 five times' });
  });
});
