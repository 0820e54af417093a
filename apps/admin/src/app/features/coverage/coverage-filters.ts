import { Params } from '@angular/router';
import { COVERAGE_REASONS, CoverageGroup, CoverageMissingQuery, CoverageQuery, CoverageReason, MAX_PAGE_SIZE } from '@callrec/contracts';
import { addDays, localDayStart, parseLocalDate, toLocalIsoDate } from '../../core/dates/local-dates';

/** The report's key for calls without a data list (Manual Dial). */
export const MANUAL_DIAL_KEY = 'manual';
/** The report's key for orphans no ADMIN has attached to an agent yet. */
export const UNASSIGNED_KEY = 'unassigned';
export const DEFAULT_RANGE_DAYS = 30;
export const MISSING_PAGE_SIZES = [10, 25, 50] as const;

/** Which group of the report the missing calls are narrowed to: a day, an agent or a data list. */
export interface CoverageDrill {
  readonly group: CoverageGroup;
  readonly key: string;
}

/**
 * What the Coverage page shows. It lives in the URL, so a view of a bad week can be shared
 * and reloaded: the dates of the report, and the group whose missing calls are listed.
 */
export interface CoverageFilters {
  /** Local calendar dates, `YYYY-MM-DD`, both inclusive. */
  readonly from: string;
  readonly to: string;
  readonly drill: CoverageDrill | null;
  readonly reason: CoverageReason | null;
  readonly page: number;
  readonly pageSize: number;
}

const DRILL_PARAMS: Record<CoverageGroup, string> = { day: 'day', agent: 'agent', dataList: 'list' };
const KEY_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
const DEFAULT_PAGE_SIZE = MISSING_PAGE_SIZES[0];

/** The default range: the last 30 days, today included. */
export function defaultRange(today: Date): { from: string; to: string } {
  return { from: toLocalIsoDate(addDays(today, 1 - DEFAULT_RANGE_DAYS)), to: toLocalIsoDate(today) };
}

/** Reads the URL leniently: a value that cannot be right falls back to its default. */
export function coverageFiltersFromParams(params: Params, today: Date): CoverageFilters {
  const text = (key: string): string | null => {
    const value: unknown = params[key];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' && first.trim() !== '' ? first.trim() : null;
  };
  const from = dateOrNull(text('from'));
  const to = dateOrNull(text('to'));
  const range = from && to && from <= to ? { from, to } : defaultRange(today);
  const reason = text('reason');
  return {
    ...range,
    drill: drillFrom(text),
    reason: reason && (COVERAGE_REASONS as readonly string[]).includes(reason) ? (reason as CoverageReason) : null,
    page: wholeNumber(text('page'), 1, 1_000_000) ?? 1,
    pageSize: wholeNumber(text('size'), 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
  };
}

/** Only what differs from the defaults, so the plain page has a plain URL. */
export function coverageFiltersToParams(filters: CoverageFilters, today: Date): Params {
  const params: Params = {};
  const range = defaultRange(today);
  if (filters.from !== range.from || filters.to !== range.to) {
    params['from'] = filters.from;
    params['to'] = filters.to;
  }
  if (filters.drill) {
    params[DRILL_PARAMS[filters.drill.group]] = filters.drill.key;
  }
  if (filters.reason) params['reason'] = filters.reason;
  if (filters.page !== 1) params['page'] = String(filters.page);
  if (filters.pageSize !== DEFAULT_PAGE_SIZE) params['size'] = String(filters.pageSize);
  return params;
}

/** The report's instants: from the first local midnight to the midnight after the last day (exclusive). */
export function coverageQuery(filters: Pick<CoverageFilters, 'from' | 'to'>, groupBy: CoverageGroup, timeZone: string): CoverageQuery {
  const from = parseLocalDate(filters.from) ?? new Date();
  const to = parseLocalDate(filters.to) ?? new Date();
  return {
    from: localDayStart(from).toISOString(),
    to: addDays(to, 1).toISOString(),
    groupBy,
    timeZone,
  };
}

/** The missing calls of the range, narrowed to the group drilled into. */
export function missingQuery(filters: CoverageFilters, timeZone: string): CoverageMissingQuery {
  const { groupBy: _groupBy, ...range } = coverageQuery(filters, 'day', timeZone);
  return {
    ...range,
    ...drillQuery(filters.drill),
    reason: filters.reason ?? undefined,
    page: filters.page,
    pageSize: filters.pageSize,
  };
}

/** The same selection for the CSV, which has every missing call: no paging. */
export function missingCsvQuery(filters: CoverageFilters, timeZone: string): Omit<CoverageMissingQuery, 'page' | 'pageSize'> {
  const { page: _page, pageSize: _pageSize, ...query } = missingQuery(filters, timeZone);
  return query;
}

function drillQuery(drill: CoverageDrill | null): Partial<CoverageMissingQuery> {
  switch (drill?.group) {
    case 'day':
      return { day: drill.key };
    case 'agent':
      return { agentId: drill.key };
    case 'dataList':
      return drill.key === MANUAL_DIAL_KEY ? { manualDial: true } : { dataListId: drill.key };
    default:
      return {};
  }
}

function drillFrom(text: (key: string) => string | null): CoverageDrill | null {
  for (const group of Object.keys(DRILL_PARAMS) as CoverageGroup[]) {
    const key = text(DRILL_PARAMS[group]);
    const valid = group === 'day' ? dateOrNull(key) !== null : key !== null && KEY_PATTERN.test(key);
    // The API lists an agent's missing calls by id; orphans with no agent have none to ask by.
    if (key && valid && !(group === 'agent' && key === UNASSIGNED_KEY)) {
      return { group, key };
    }
  }
  return null;
}

function dateOrNull(value: string | null): string | null {
  return value && parseLocalDate(value) ? value : null;
}

function wholeNumber(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^\d{1,9}$/.test(value)) {
    return null;
  }
  const number = Number(value);
  return number >= min && number <= max ? number : null;
}
