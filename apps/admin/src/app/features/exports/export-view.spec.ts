import { ExportDto } from '@callrec/contracts';
import { exportDto } from '../../testing/export-fixtures';
import { canApprove, filterParts, isActive, progressPercent, scopeSummary } from './export-view';

const names = {
  agents: [{ id: 'agent-1', name: 'Ann Agent' }],
  dataLists: [{ id: 'list-1', name: 'Renewals' }],
  holds: [{ id: 'hold-1', name: 'Case 42' }],
};

describe('export view', () => {
  it('follows queued, building and awaiting-approval exports, and no others', () => {
    const active = (status: ExportDto['status']) => isActive(exportDto({ status }));
    expect(['queued', 'running', 'awaiting-approval'].map((s) => active(s as ExportDto['status']))).toEqual([true, true, true]);
    expect(['ready', 'failed', 'expired'].map((s) => active(s as ExportDto['status']))).toEqual([false, false, false]);
  });

  it('measures progress as done of total, and not before the total is known', () => {
    expect(progressPercent(exportDto({ done: 1, total: 3 }))).toBe(33);
    expect(progressPercent(exportDto({ done: 0, total: 0 }))).toBeNull();
  });

  it('lets only someone other than the requester approve, and only while it waits', () => {
    const waiting = exportDto({ status: 'awaiting-approval', requestedBy: { id: 'u-1', name: 'Req', email: 'r@example.com' } });
    expect(canApprove(waiting, 'u-2')).toBe(true);
    expect(canApprove(waiting, 'u-1')).toBe(false);
    expect(canApprove(waiting, null)).toBe(false);
    expect(canApprove({ ...waiting, status: 'queued' }, 'u-2')).toBe(false);
  });

  it('says what an export covers in a line', () => {
    expect(scopeSummary({ legalHoldId: 'hold-1' }, names)).toBe('Legal hold Case 42');
    expect(scopeSummary({ legalHoldId: 'hold-9' }, names)).toBe('Legal hold no longer listed');
    expect(scopeSummary({ recordingIds: ['a', 'b'] }, names)).toBe('2 named recordings');
    expect(scopeSummary({ filters: {} }, names)).toBe('All calls');
    expect(
      scopeSummary(
        {
          filters: { agentId: 'agent-1', manualDial: true, hasRecording: true, outcome: 'NOT_INTERESTED', phone: '+1415', minDuration: 30 },
        },
        names,
      ),
    ).toBe('Agent Ann Agent · Manual Dial · Outcome not interested · Number +1415 · With a recording · At least 30 s');
    expect(filterParts({ dataListId: 'list-1', from: '2026-11-03T00:00:00.000Z' }, names)).toEqual(['From 3 Nov 2026', 'List Renewals']);
  });
});
