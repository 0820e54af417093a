import { AGENTS, DATA_LISTS } from '../../testing/call-fixtures';
import { ANY_SOURCE, isDefaultScope, MANUAL_DIAL_SOURCE, retainLabel, scopeFromForm, scopeSummary, scopeToForm } from './retention-scope';

const names = { agents: AGENTS, dataLists: DATA_LISTS };

describe('retention scope', () => {
  it('treats an empty scope as the default policy', () => {
    expect(isDefaultScope({})).toBe(true);
    expect(scopeSummary({}, names)).toBe('Every recording (default)');
    expect(scopeFromForm({ source: ANY_SOURCE, outcome: null, agentId: null })).toEqual({});
  });

  it('sends only the fields that narrow, never manualDial: false', () => {
    expect(scopeFromForm({ source: MANUAL_DIAL_SOURCE, outcome: 'SALE', agentId: null })).toEqual({ manualDial: true, outcome: 'SALE' });
    expect(scopeFromForm({ source: 'list-2', outcome: null, agentId: 'agent-1' })).toEqual({ dataListId: 'list-2', agentId: 'agent-1' });
  });

  it('round-trips a scope through the form', () => {
    for (const scope of [{}, { manualDial: true as const }, { dataListId: 'list-1', outcome: 'VOICEMAIL' as const, agentId: 'agent-2' }]) {
      expect(scopeFromForm(scopeToForm(scope))).toEqual(scope);
    }
  });

  it('names lists, agents and outcomes, and says when one is gone', () => {
    expect(scopeSummary({ manualDial: true, outcome: 'DO_NOT_CALL' }, names)).toBe('Manual Dial only · Outcome: Do not call');
    expect(scopeSummary({ dataListId: 'list-1', agentId: 'agent-2' }, names)).toBe('List: Spring Renewals · Agent: Jordan Reyes');
    expect(scopeSummary({ dataListId: 'list-9' }, names)).toBe('List: unknown list');
  });

  it.each<[number, string]>([
    [0, 'Until the next sweep'],
    [1, '1 day'],
    [90, '90 days'],
    [365, '365 days (1 year)'],
    [730, '730 days (2 years)'],
    [400, '400 days'],
  ])('labels %i days as "%s"', (days, label) => {
    expect(retainLabel(days)).toBe(label);
  });
});
