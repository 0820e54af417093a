import { Params } from '@angular/router';
import { AUDIT_ACTIONS, AuditAction, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@callrec/contracts';
import { AuditQuery } from '../../data-access/audit-api.service';
import { localDayEnd, localDayStart, parseLocalDate } from '../../core/dates/local-dates';

export const AUDIT_PAGE_SIZES = [25, 50, 100] as const;

/** What the audit table shows; it lives in the URL, so an investigation can be shared as a link. */
export interface AuditFilters {
  readonly action: AuditAction | null;
  readonly actorId: string | null;
  readonly recordingId: string | null;
  /** Local calendar dates, `YYYY-MM-DD`, both inclusive. */
  readonly from: string | null;
  readonly to: string | null;
  readonly page: number;
  readonly pageSize: number;
}

export const DEFAULT_AUDIT_FILTERS: AuditFilters = {
  action: null,
  actorId: null,
  recordingId: null,
  from: null,
  to: null,
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

const PARAM = {
  action: 'action',
  actorId: 'actor',
  recordingId: 'recording',
  from: 'from',
  to: 'to',
  page: 'page',
  pageSize: 'size',
} as const satisfies Record<keyof AuditFilters, string>;

/** The API takes UUIDs only; anything else in a link is dropped rather than answered with a 400. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the URL leniently: a value that cannot be right falls back to its default. */
export function auditFiltersFromParams(params: Params): AuditFilters {
  const text = (key: string): string | null => {
    const value: unknown = params[key];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' && first.trim() !== '' ? first.trim() : null;
  };
  const action = text(PARAM.action);
  return {
    action: action && (AUDIT_ACTIONS as readonly string[]).includes(action) ? (action as AuditAction) : null,
    actorId: uuidOrNull(text(PARAM.actorId)),
    recordingId: uuidOrNull(text(PARAM.recordingId)),
    from: dateOrNull(text(PARAM.from)),
    to: dateOrNull(text(PARAM.to)),
    page: wholeNumber(text(PARAM.page), 1, 1_000_000) ?? 1,
    pageSize: wholeNumber(text(PARAM.pageSize), 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
  };
}

/** Only what differs from the defaults, so the plain log has a plain URL. */
export function auditFiltersToParams(filters: AuditFilters): Params {
  const params: Params = {};
  if (filters.action) params[PARAM.action] = filters.action;
  if (filters.actorId) params[PARAM.actorId] = filters.actorId;
  if (filters.recordingId) params[PARAM.recordingId] = filters.recordingId;
  if (filters.from) params[PARAM.from] = filters.from;
  if (filters.to) params[PARAM.to] = filters.to;
  if (filters.page !== 1) params[PARAM.page] = String(filters.page);
  if (filters.pageSize !== DEFAULT_PAGE_SIZE) params[PARAM.pageSize] = String(filters.pageSize);
  return params;
}

export function hasAuditNarrowing(filters: AuditFilters): boolean {
  return (
    filters.action !== null || filters.actorId !== null || filters.recordingId !== null || filters.from !== null || filters.to !== null
  );
}

/** Dates become instants at the user's local midnight, as on the call-records page. */
export function toAuditQuery(filters: AuditFilters): AuditQuery {
  const from = filters.from ? parseLocalDate(filters.from) : null;
  const to = filters.to ? parseLocalDate(filters.to) : null;
  return {
    action: filters.action ?? undefined,
    actorId: filters.actorId ?? undefined,
    recordingId: filters.recordingId ?? undefined,
    from: from ? localDayStart(from).toISOString() : undefined,
    to: to ? localDayEnd(to).toISOString() : undefined,
    page: filters.page,
    pageSize: filters.pageSize,
  };
}

function uuidOrNull(value: string | null): string | null {
  return value && UUID.test(value) ? value.toLowerCase() : null;
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
