import {
  coverageFiltersFromParams,
  coverageFiltersToParams,
  coverageQuery,
  defaultRange,
  missingCsvQuery,
  missingQuery,
} from './coverage-filters';

describe('coverage filters', () => {
  const today = new Date(2026, 11, 2, 15, 30);

  it('defaults to the last 30 days, today included, with nothing drilled into', () => {
    const filters = coverageFiltersFromParams({}, today);
    expect(filters).toEqual({ from: '2026-11-03', to: '2026-12-02', drill: null, reason: null, page: 1, pageSize: 10 });
    // The default range is the plain URL.
    expect(coverageFiltersToParams(filters, today)).toEqual({});
  });

  it('keeps dates, a drill-down, a reason and paging through the URL', () => {
    const params = { from: '2026-11-20', to: '2026-11-26', list: 'manual', reason: 'ABSENT', page: '2', size: '25' };
    const filters = coverageFiltersFromParams(params, today);
    expect(filters).toEqual({
      from: '2026-11-20',
      to: '2026-11-26',
      drill: { group: 'dataList', key: 'manual' },
      reason: 'ABSENT',
      page: 2,
      pageSize: 25,
    });
    expect(coverageFiltersToParams(filters, today)).toEqual(params);
  });

  it('falls back to defaults for values that cannot be right', () => {
    const filters = coverageFiltersFromParams(
      { from: '2026-11-30', to: '2026-11-01', day: '2026-02-30', reason: 'LOST', page: '0', agent: 'x;drop' },
      today,
    );
    expect(filters).toEqual({ ...defaultRange(today), drill: null, reason: null, page: 1, pageSize: 10 });
    // Orphans with no agent cannot be asked for by agent id.
    expect(coverageFiltersFromParams({ agent: 'unassigned' }, today).drill).toBeNull();
  });

  it('reads the first valid drill-down only', () => {
    const filters = coverageFiltersFromParams({ day: 'soon', agent: 'agent-1', list: 'list-1' }, today);
    expect(filters.drill).toEqual({ group: 'agent', key: 'agent-1' });
  });

  it('asks for whole local days: from the first midnight to the midnight after the last day, in the browser time zone', () => {
    expect(coverageQuery({ from: '2026-11-20', to: '2026-11-26' }, 'agent', 'Europe/London')).toEqual({
      from: new Date(2026, 10, 20).toISOString(),
      to: new Date(2026, 10, 27).toISOString(),
      groupBy: 'agent',
      timeZone: 'Europe/London',
    });
  });

  it.each([
    [{ group: 'day', key: '2026-11-24' } as const, { day: '2026-11-24' }],
    [{ group: 'agent', key: 'agent-1' } as const, { agentId: 'agent-1' }],
    [{ group: 'dataList', key: 'list-1' } as const, { dataListId: 'list-1' }],
    [{ group: 'dataList', key: 'manual' } as const, { manualDial: true }],
  ])('narrows the missing calls to the group drilled into (%o)', (drill, narrowing) => {
    const filters = { ...coverageFiltersFromParams({ from: '2026-11-20', to: '2026-11-26' }, today), drill, reason: 'FAILED' as const };
    expect(missingQuery(filters, 'UTC')).toEqual({
      from: new Date(2026, 10, 20).toISOString(),
      to: new Date(2026, 10, 27).toISOString(),
      timeZone: 'UTC',
      reason: 'FAILED',
      page: 1,
      pageSize: 10,
      ...narrowing,
    });
    // The CSV has every missing call of the selection: no paging.
    const csv = missingCsvQuery(filters, 'UTC');
    expect(csv).not.toHaveProperty('page');
    expect(csv).not.toHaveProperty('pageSize');
    expect(csv).toMatchObject(narrowing);
  });
});
