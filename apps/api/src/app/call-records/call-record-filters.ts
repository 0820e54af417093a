import { BadRequestException } from '@nestjs/common';
import {
  CALL_RECORD_SORTS,
  CallOutcome,
  CallRecordQuery,
  CallRecordSort,
  CallRecordSortField,
  CallStatus,
  DEFAULT_CALL_RECORD_SORT,
  DEFAULT_PAGE_SIZE,
  E164_PATTERN,
} from '@callrec/contracts';
import { decodeCursor } from './call-record-cursor';

/** Every value `sort` accepts: each field, ascending or `-` descending. */
export const CALL_RECORD_SORT_VALUES: readonly CallRecordSort[] = CALL_RECORD_SORTS.flatMap((field) => [field, `-${field}` as const]);

/**
 * What a search selects, in the API's own words, every value already parsed and checked:
 * call-record-sql.ts compiles it to SQL and nothing else reads it. Each field left out
 * selects everything; the ones present are combined with AND.
 */
export interface CallRecordCriteria {
  /** Placed at or after this instant. */
  placedFrom?: Date;
  /** Placed before this instant: a date-only `to` becomes the next midnight (UTC). */
  placedBefore?: Date;
  /** Placed at or before this instant: a `to` with a time. */
  placedUntil?: Date;
  agentId?: string;
  /** One data list, any list (`manualDial=false`) or none (`manualDial=true`, Manual Dial). */
  dataList?: { id: string } | 'any' | 'none';
  outcome?: CallOutcome;
  status?: CallStatus;
  phone?: PhoneFilter;
  /** Whether the call has a STORED recording. */
  hasRecording?: boolean;
  minDuration?: number;
  maxDuration?: number;
  /** Adopted by reconciliation (true) or placed through us (false). */
  orphan?: boolean;
}

export interface CallRecordOrder {
  field: CallRecordSortField;
  direction: 'asc' | 'desc';
}

export interface CallRecordSearch {
  criteria: CallRecordCriteria;
  order: CallRecordOrder;
  /** The keys of the call the page starts after (a cursor), or null for numbered pages. */
  after: (string | null)[] | null;
  skip: number;
  take: number;
  /** The page's number as the answer gives it: counted from skip, or echoed with a cursor. */
  page: number;
}

/**
 * Turns a validated query into the criteria, order and page of one search. Field formats are
 * checked by the DTO; the rules that span fields are checked here, and the parsers run again
 * so that a query which bypassed the DTO is refused with the same messages.
 */
export function buildCallRecordSearch(query: CallRecordQuery): CallRecordSearch {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const order = buildOrder(query.sort ?? DEFAULT_CALL_RECORD_SORT);
  const after = query.after === undefined ? null : decodeCursor(query.after, order);
  return {
    criteria: buildCriteria(query),
    order,
    after,
    // A cursor says where the page starts: `page` is then only the client's count, echoed.
    skip: after ? 0 : (page - 1) * pageSize,
    take: pageSize,
    page,
  };
}

export function buildCriteria(query: CallRecordQuery): CallRecordCriteria {
  const criteria: CallRecordCriteria = { ...placedAtRange(query.from, query.to) };

  if (query.agentId !== undefined) criteria.agentId = query.agentId;

  if (query.manualDial === true && query.dataListId !== undefined) {
    throw new BadRequestException('manualDial=true selects calls without a data list; it cannot be combined with dataListId');
  }
  if (query.dataListId !== undefined) criteria.dataList = { id: query.dataListId };
  else if (query.manualDial === true) criteria.dataList = 'none';
  else if (query.manualDial === false) criteria.dataList = 'any';

  if (query.outcome !== undefined) criteria.outcome = query.outcome;
  if (query.status !== undefined) criteria.status = query.status;

  if (query.phone !== undefined) {
    const phone = parsePhoneFilter(query.phone);
    if (!phone) throw new BadRequestException(PHONE_MESSAGE);
    criteria.phone = phone;
  }

  if (query.hasRecording !== undefined) criteria.hasRecording = query.hasRecording;

  if (query.minDuration !== undefined && query.maxDuration !== undefined && query.minDuration > query.maxDuration) {
    throw new BadRequestException(`minDuration (${query.minDuration}) must not be greater than maxDuration (${query.maxDuration})`);
  }
  if (query.minDuration !== undefined) criteria.minDuration = query.minDuration;
  if (query.maxDuration !== undefined) criteria.maxDuration = query.maxDuration;
  if (query.orphan !== undefined) criteria.orphan = query.orphan;
  return criteria;
}

type PlacedAtRange = Pick<CallRecordCriteria, 'placedFrom' | 'placedBefore' | 'placedUntil'>;

function placedAtRange(from: string | undefined, to: string | undefined): PlacedAtRange {
  const start = from === undefined ? undefined : parseDateBound(from);
  const end = to === undefined ? undefined : parseDateBound(to);
  if (start === null) throw new BadRequestException(dateMessage('from'));
  if (end === null) throw new BadRequestException(dateMessage('to'));

  // A date-only `to` means "to the end of that day": everything before the next midnight (UTC).
  const before = end?.dateOnly ? new Date(end.at.getTime() + DAY_MS) : undefined;
  if (start && end && (before ? start.at >= before : start.at > end.at)) {
    throw new BadRequestException(`from (${from}) must not be after to (${to})`);
  }
  return {
    ...(start ? { placedFrom: start.at } : {}),
    ...(before ? { placedBefore: before } : end ? { placedUntil: end.at } : {}),
  };
}

export function buildOrder(sort: string): CallRecordOrder {
  const order = parseSort(sort);
  if (!order) throw new BadRequestException(SORT_MESSAGE);
  return order;
}

export function parseSort(sort: string): CallRecordOrder | null {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  if (!(CALL_RECORD_SORTS as readonly string[]).includes(field)) return null;
  return { field: field as CallRecordSortField, direction: descending ? 'desc' : 'asc' };
}
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_BOUND = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+\- ]\d{2}:?\d{2})?)?$/;

/**
 * An ISO 8601 date (`2024-03-01`, midnight UTC) or date-time (`2024-03-01T09:30:00Z`,
 * `…+02:00`; without a zone it is read as UTC), or null when it is not a real one. A space
 * in place of the zone's `+` is accepted: an unencoded `+` in a query string arrives as one.
 */
export function parseDateBound(value: string): { at: Date; dateOnly: boolean } | null {
  const match = DATE_BOUND.exec(value);
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', zone] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const utc = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  utc.setUTCFullYear(y); // Date.UTC maps years 0-99 to 1900-1999
  if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return null;
  }
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return { at: new Date(utc.getTime() - offsetMinutes * 60_000), dateOnly: match[4] === undefined };
}

export function dateMessage(field: string): string {
  return `${field} must be an ISO 8601 date such as 2024-03-01 or a date-time such as 2024-03-01T09:30:00Z`;
}

export type PhoneFilter = { kind: 'exact' | 'prefix' | 'contains'; value: string };

const PHONE_CHARACTERS = /^\+?[\d\s()-]+$/;

export const PHONE_MESSAGE =
  'phone must be a full E.164 number such as +14155550123 or part of one, using only digits, spaces, a leading +, - and ( )';

/**
 * A whole E.164 number matches exactly (and uses the toNumber index); `+` and fewer digits
 * matches numbers that start with them; bare digits match numbers that contain them.
 * Spaces, dashes and brackets are formatting and are ignored.
 */
export function parsePhoneFilter(value: string): PhoneFilter | null {
  // An unencoded `+` in a query string arrives as a space (Angular's HttpParams sends it so).
  const trimmed = value.replace(/^ (?=\d)/, '+').trim();
  if (!PHONE_CHARACTERS.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length === 0 || digits.length > 15) return null;
  if (!trimmed.startsWith('+')) return { kind: 'contains', value: digits };
  const number = `+${digits}`;
  return { kind: E164_PATTERN.test(number) ? 'exact' : 'prefix', value: number };
}

export const SORT_MESSAGE = `sort must be one of ${CALL_RECORD_SORT_VALUES.join(', ')}`;
