import { AGENTS, DATA_LISTS } from '../../testing/call-fixtures';
import { CriteriaForm, criteriaFromForm, criteriaParts, parseRecordingIds } from './hold-criteria';

const EMPTY: CriteriaForm = { phone: '', agentId: null, dataListId: null, from: null, to: null, recordingIds: '' };
const ID_A = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const ID_B = '6fa459ea-ee8a-3ca4-894e-db77e160355e';

describe('hold criteria', () => {
  it('has nothing to send until a criterion is set: a hold on everything is refused', () => {
    expect(criteriaFromForm(EMPTY)).toEqual({ kind: 'empty' });
    expect(criteriaFromForm({ ...EMPTY, phone: '   ' })).toEqual({ kind: 'empty' });
  });

  it('accepts a number typed with spaces, and refuses one that is not E.164', () => {
    expect(criteriaFromForm({ ...EMPTY, phone: '+1 415 555-0100' })).toEqual({ kind: 'ok', criteria: { phone: '+14155550100' } });
    expect(criteriaFromForm({ ...EMPTY, phone: '07700 900123' })).toEqual({
      kind: 'invalid',
      message: 'Enter the phone number in E.164, such as +14155550123',
    });
  });

  it('sends local whole days as instants, and refuses a range that ends before it starts', () => {
    const from = new Date(2026, 10, 3);
    const to = new Date(2026, 10, 5);
    const check = criteriaFromForm({ ...EMPTY, from, to });
    expect(check).toEqual({
      kind: 'ok',
      criteria: { from: new Date(2026, 10, 3).toISOString(), to: new Date(2026, 10, 5, 23, 59, 59, 999).toISOString() },
    });
    expect(criteriaFromForm({ ...EMPTY, from: to, to: from }).kind).toBe('invalid');
  });

  it('reads pasted recording ids, drops duplicates and names the ones that are not ids', () => {
    expect(parseRecordingIds(`${ID_A}\n${ID_B.toUpperCase()}, ${ID_A}`)).toEqual({ ids: [ID_A, ID_B], invalid: [] });
    expect(criteriaFromForm({ ...EMPTY, recordingIds: `${ID_A} RE123` })).toEqual({
      kind: 'invalid',
      message: 'Not a recording id: RE123',
    });
  });

  it('combines every criterion', () => {
    expect(criteriaFromForm({ ...EMPTY, agentId: 'agent-1', dataListId: 'list-2', recordingIds: ID_A })).toEqual({
      kind: 'ok',
      criteria: { agentId: 'agent-1', dataListId: 'list-2', recordingIds: [ID_A] },
    });
  });

  it('describes criteria in words, with names for agents and lists', () => {
    const names = { agents: AGENTS, dataLists: DATA_LISTS };
    expect(
      criteriaParts(
        {
          phone: '+14155550100',
          agentId: 'agent-2',
          dataListId: 'list-1',
          from: '2026-11-03T12:00:00.000Z',
          to: '2026-11-05T12:00:00.000Z',
          recordingIds: [ID_A, ID_B],
        },
        names,
      ),
    ).toEqual(['Number +14155550100', 'Agent Jordan Reyes', 'List Spring Renewals', '3 Nov 2026 – 5 Nov 2026', '2 named recordings']);
    expect(criteriaParts({ from: '2026-11-03T12:00:00.000Z' }, names)).toEqual(['From 3 Nov 2026']);
    expect(criteriaParts({ agentId: 'gone' }, names)).toEqual(['Agent unknown agent']);
  });
});
