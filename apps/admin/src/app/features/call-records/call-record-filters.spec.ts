import { withPagedChange } from '../../core/paging/url-paged-list';
import {
  CallRecordFilters,
  DEFAULT_FILTERS,
  filtersFromParams,
  filtersToParams,
  hasNarrowing,
  MANUAL_DIAL,
  normalizePhone,
  sortFromState,
  sortState,
  toApiQuery,
  toExportFilters,
} from './call-record-filters';

const everything: CallRecordFilters = {
  from: '2026-11-01',
  to: '2026-11-25',
  agentId: '89d52505-a5a6-4c14-9e35-39f82195d36c',
  list: MANUAL_DIAL,
  outcome: 'CALLBACK',
  phone: '+14155550123',
  minDuration: 60,
  withRecording: true,
  orphanOnly: true,
  sort: '-durationSeconds',
  page: 3,
  pageSize: 50,
  after: 'WyItcGxhY2VkQXQiXQ',
};

describe('call-record filters in the URL', () => {
  it('survives a round trip through the URL with every filter set', () => {
    const params = filtersToParams(everything);
    expect(params).toEqual({
      from: '2026-11-01',
      to: '2026-11-25',
      agent: everything.agentId,
      list: 'manual',
      outcome: 'CALLBACK',
      phone: '+14155550123',
      minDuration: '60',
      recording: '1',
      orphan: 'true',
      sort: '-durationSeconds',
      page: '3',
      size: '50',
      after: 'WyItcGxhY2VkQXQiXQ',
    });
    expect(filtersFromParams(params)).toEqual(everything);
  });

  it('keeps the URL empty for the default view, and reads an empty URL as the defaults', () => {
    expect(filtersToParams(DEFAULT_FILTERS)).toEqual({});
    expect(filtersFromParams({})).toEqual(DEFAULT_FILTERS);
  });

  it('falls back to defaults for values that cannot be right instead of failing the page', () => {
    const filters = filtersFromParams({
      from: '2026-02-30',
      to: 'yesterday',
      agent: '../../etc',
      outcome: 'MAYBE',
      sort: 'contact',
      page: '-2',
      size: '5000',
      minDuration: 'long',
      recording: 'yes',
    });
    expect(filters).toEqual(DEFAULT_FILTERS);
  });

  it('takes the first value when a parameter is repeated', () => {
    expect(filtersFromParams({ outcome: ['SALE', 'OTHER'] }).outcome).toBe('SALE');
  });
});

describe('changing filters', () => {
  it('goes back to page 1 when the list is narrowed or re-sorted', () => {
    expect(withPagedChange(everything, { outcome: 'SALE' }).page).toBe(1);
    expect(withPagedChange(everything, { sort: 'agent' }).page).toBe(1);
    expect(withPagedChange(everything, { pageSize: 100 }).page).toBe(1);
    // A cursor belongs to the order and filters it came from: a change drops it.
    expect(withPagedChange(everything, { sort: 'agent' }).after).toBeNull();
    expect(withPagedChange(everything, { phone: '555' }).after).toBeNull();
  });

  it('keeps every filter when only the page turns', () => {
    expect(withPagedChange(everything, { page: 4 })).toEqual({ ...everything, page: 4 });
    expect(withPagedChange(everything, { page: 5, after: 'next' })).toEqual({ ...everything, page: 5, after: 'next' });
  });

  it('tells narrowing apart from sorting and paging', () => {
    expect(hasNarrowing(DEFAULT_FILTERS)).toBe(false);
    expect(hasNarrowing({ ...DEFAULT_FILTERS, sort: 'agent', page: 2 })).toBe(false);
    expect(hasNarrowing({ ...DEFAULT_FILTERS, withRecording: true })).toBe(true);
    expect(hasNarrowing({ ...DEFAULT_FILTERS, orphanOnly: true })).toBe(true);
  });
});

describe('the API query', () => {
  it('sends local days as instants, Manual Dial as manualDial=true, and only what is set', () => {
    const query = toApiQuery(everything);
    expect(query).toEqual({
      from: new Date(2026, 10, 1).toISOString(),
      to: new Date(2026, 10, 25, 23, 59, 59, 999).toISOString(),
      agentId: everything.agentId,
      dataListId: undefined,
      manualDial: true,
      outcome: 'CALLBACK',
      phone: '+14155550123',
      hasRecording: true,
      minDuration: 60,
      orphan: true,
      sort: '-durationSeconds',
      page: 3,
      pageSize: 50,
      // The keyset cursor goes along as it came; an export or the CSV leaves it out (no paging there).
      after: everything.after,
    });
    expect(toExportFilters(everything)).not.toHaveProperty('after');
  });

  it('asks for orphans only when the box is ticked, and otherwise leaves orphan out', () => {
    expect(toApiQuery({ ...DEFAULT_FILTERS, orphanOnly: true }).orphan).toBe(true);
    expect(toApiQuery(DEFAULT_FILTERS).orphan).toBeUndefined();
    expect(filtersFromParams({ orphan: 'yes' }).orphanOnly).toBe(false);
  });

  it('sends a data list as dataListId', () => {
    const query = toApiQuery({ ...DEFAULT_FILTERS, list: '3f52023d-a021-4bb5-891d-a765c2972fad' });
    expect(query.dataListId).toBe('3f52023d-a021-4bb5-891d-a765c2972fad');
    expect(query.manualDial).toBeUndefined();
  });

  it('tidies a typed phone number and drops one the API would refuse', () => {
    expect(toApiQuery({ ...DEFAULT_FILTERS, phone: '+1 (415) 555-0123' }).phone).toBe('+14155550123');
    expect(toApiQuery({ ...DEFAULT_FILTERS, phone: 'call me' }).phone).toBeUndefined();
  });
});

describe('normalizePhone', () => {
  it.each([
    ['+14155550123', '+14155550123'],
    ['415.555.0123', '4155550123'],
    ['0123', '0123'],
    ['+', null],
    ['12a', null],
    ['++1', null],
  ])('%p → %p', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});

describe('sorting', () => {
  it('maps API sort values to MatSort and back', () => {
    expect(sortState('-placedAt')).toEqual({ active: 'placedAt', direction: 'desc' });
    expect(sortState('agent')).toEqual({ active: 'agent', direction: 'asc' });
    expect(sortFromState('durationSeconds', 'desc')).toBe('-durationSeconds');
    expect(sortFromState('outcome', 'asc')).toBe('outcome');
  });

  it('goes back to newest first when the sort is cleared or unknown', () => {
    expect(sortFromState('agent', '')).toBe('-placedAt');
    expect(sortFromState('contact', 'asc')).toBe('-placedAt');
  });
});
