import { Params } from '@angular/router';
import {
  CALL_OUTCOMES,
  CALL_RECORD_SORTS,
  CallOutcome,
  CallRecordQuery,
  CallRecordSort,
  CallRecordSortField,
  DEFAULT_CALL_RECORD_SORT,
  ExportFilters,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from '@callrec/contracts';
import { localDayEnd, localDayStart, parseLocalDate } from '../../core/dates/local-dates';

/** The value of the data-list filter that means "calls without a list". */
export const MANUAL_DIAL = 'manual';
export const PAGE_SIZES = [25, 50, 100] as const;

/**
 * Everything that decides which calls the grid shows. It lives in the URL (see
 * `filtersToParams`), so a view can be shared, bookmarked and reloaded.
 */
export interface CallRecordFilters {
  /** Local calendar dates, `YYYY-MM-DD`, both inclusive. */
  readonly from: string | null;
  readonly to: string | null;
  readonly agentId: string | null;
  /** A data list id, or `MANUAL_DIAL`. */
  readonly list: string | null;
  readonly outcome: CallOutcome | null;
  readonly phone: string;
  /** Seconds. */
  readonly minDuration: number | null;
  readonly withRecording: boolean;
  /** Only orphans: calls Twilio recorded that were not placed through us (design 9.7). */
  readonly orphanOnly: boolean;
  readonly sort: CallRecordSort;
  readonly page: number;
  readonly pageSize: number;
  /**
   * The API's cursor of the call the page starts after, for pages past the exact total
   * (EXACT_TOTAL_LIMIT): deep pages by keyset instead of an ever longer OFFSET.
   */
  readonly after: string | null;
}

export const DEFAULT_FILTERS: CallRecordFilters = {
  from: null,
  to: null,
  agentId: null,
  list: null,
  outcome: null,
  phone: '',
  minDuration: null,
  withRecording: false,
  orphanOnly: false,
  sort: DEFAULT_CALL_RECORD_SORT,
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
  after: null,
};

/** Short, readable parameter names: `?from=2026-11-01&list=manual&recording=1&page=2`. */
const PARAM = {
  from: 'from',
  to: 'to',
  agentId: 'agent',
  list: 'list',
  outcome: 'outcome',
  phone: 'phone',
  minDuration: 'minDuration',
  withRecording: 'recording',
  orphanOnly: 'orphan',
  sort: 'sort',
  page: 'page',
  pageSize: 'size',
  after: 'after',
} as const satisfies Record<keyof CallRecordFilters, string>;

const SORTS: readonly string[] = CALL_RECORD_SORTS.flatMap((field) => [field, `-${field}`]);
const ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Reads the URL leniently: a value that cannot be right (a typo, an old link) falls back to
 * its default instead of failing the page, since the user can see and fix every filter.
 */
export function filtersFromParams(params: Params): CallRecordFilters {
  const text = (key: string): string | null => {
    const value: unknown = params[key];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' && first.trim() !== '' ? first.trim() : null;
  };
  const outcome = text(PARAM.outcome);
  const sort = text(PARAM.sort);
  return {
    from: dateOrNull(text(PARAM.from)),
    to: dateOrNull(text(PARAM.to)),
    agentId: idOrNull(text(PARAM.agentId)),
    list: idOrNull(text(PARAM.list)),
    outcome: outcome && (CALL_OUTCOMES as readonly string[]).includes(outcome) ? (outcome as CallOutcome) : null,
    phone: text(PARAM.phone) ?? '',
    minDuration: wholeNumber(text(PARAM.minDuration), 0, 24 * 3600),
    withRecording: text(PARAM.withRecording) === '1',
    orphanOnly: text(PARAM.orphanOnly) === 'true',
    sort: sort && SORTS.includes(sort) ? (sort as CallRecordSort) : DEFAULT_FILTERS.sort,
    page: wholeNumber(text(PARAM.page), 1, 1_000_000) ?? 1,
    pageSize: wholeNumber(text(PARAM.pageSize), 1, MAX_PAGE_SIZE) ?? DEFAULT_FILTERS.pageSize,
    // Opaque: the API checks it (a bad one is its 400, shown with Retry and Go to page 1).
    after: text(PARAM.after),
  };
}

/** Only what differs from the defaults, so a plain grid has a plain URL. */
export function filtersToParams(filters: CallRecordFilters): Params {
  const params: Params = {};
  const put = (key: keyof CallRecordFilters, value: string) => {
    params[PARAM[key]] = value;
  };
  if (filters.from) put('from', filters.from);
  if (filters.to) put('to', filters.to);
  if (filters.agentId) put('agentId', filters.agentId);
  if (filters.list) put('list', filters.list);
  if (filters.outcome) put('outcome', filters.outcome);
  if (filters.phone.trim()) put('phone', filters.phone.trim());
  if (filters.minDuration !== null) put('minDuration', String(filters.minDuration));
  if (filters.withRecording) put('withRecording', '1');
  if (filters.orphanOnly) put('orphanOnly', 'true');
  if (filters.sort !== DEFAULT_FILTERS.sort) put('sort', filters.sort);
  if (filters.page !== 1) put('page', String(filters.page));
  if (filters.pageSize !== DEFAULT_FILTERS.pageSize) put('pageSize', String(filters.pageSize));
  if (filters.after) put('after', filters.after);
  return params;
}

/** True when the user narrowed the list (sorting and paging do not count). */
export function hasNarrowing(filters: CallRecordFilters): boolean {
  return (
    filters.from !== null ||
    filters.to !== null ||
    filters.agentId !== null ||
    filters.list !== null ||
    filters.outcome !== null ||
    filters.phone.trim() !== '' ||
    filters.minDuration !== null ||
    filters.withRecording ||
    filters.orphanOnly
  );
}

/**
 * Digits with an optional leading `+`, ignoring the spaces, dashes, dots and brackets
 * people type; null when something else is left (letters), which the API would refuse.
 */
export function normalizePhone(input: string): string | null {
  const compact = input.replace(/[\s().-]/g, '');
  return /^\+?\d{1,15}$/.test(compact) ? compact : null;
}

/**
 * The API query for the filters. Dates become instants at the user's local midnight, so
 * "today" means the user's day, not the UTC day a date-only value would mean to the API.
 */
export function toApiQuery(filters: CallRecordFilters): CallRecordQuery {
  const from = filters.from ? parseLocalDate(filters.from) : null;
  const to = filters.to ? parseLocalDate(filters.to) : null;
  const phone = filters.phone.trim() ? normalizePhone(filters.phone) : null;
  return {
    from: from ? localDayStart(from).toISOString() : undefined,
    to: to ? localDayEnd(to).toISOString() : undefined,
    agentId: filters.agentId ?? undefined,
    dataListId: filters.list && filters.list !== MANUAL_DIAL ? filters.list : undefined,
    manualDial: filters.list === MANUAL_DIAL ? true : undefined,
    outcome: filters.outcome ?? undefined,
    phone: phone ?? undefined,
    hasRecording: filters.withRecording ? true : undefined,
    minDuration: filters.minDuration ?? undefined,
    orphan: filters.orphanOnly ? true : undefined,
    sort: filters.sort,
    page: filters.page,
    pageSize: filters.pageSize,
    after: filters.after ?? undefined,
  };
}

/** The grid's filters for an evidence export: what it selects, without order or paging. */
export function toExportFilters(filters: CallRecordFilters): ExportFilters {
  const { sort: _sort, page: _page, pageSize: _pageSize, after: _after, ...selection } = toApiQuery(filters);
  return withoutUndefined(selection);
}

/** The grid's filters and order for its CSV: every matching call, so no paging. */
export function toCsvQuery(filters: CallRecordFilters): ExportFilters & Pick<CallRecordQuery, 'sort'> {
  return { ...toExportFilters(filters), sort: filters.sort };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** MatSort's view of a sort value. */
export function sortState(sort: CallRecordSort): { active: CallRecordSortField; direction: 'asc' | 'desc' } {
  return sort.startsWith('-')
    ? { active: sort.slice(1) as CallRecordSortField, direction: 'desc' }
    : { active: sort as CallRecordSortField, direction: 'asc' };
}

/** A MatSort change as a sort value; clearing the sort goes back to newest first. */
export function sortFromState(active: string, direction: 'asc' | 'desc' | ''): CallRecordSort {
  if (!direction || !(CALL_RECORD_SORTS as readonly string[]).includes(active)) {
    return DEFAULT_FILTERS.sort;
  }
  return (direction === 'desc' ? `-${active}` : active) as CallRecordSort;
}

function dateOrNull(value: string | null): string | null {
  return value && parseLocalDate(value) ? value : null;
}

function idOrNull(value: string | null): string | null {
  return value && ID_PATTERN.test(value) ? value : null;
}

function wholeNumber(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^\d{1,9}$/.test(value)) {
    return null;
  }
  const number = Number(value);
  return number >= min && number <= max ? number : null;
}
