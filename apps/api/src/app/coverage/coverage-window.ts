import { BadRequestException } from '@nestjs/common';
import { CoverageMissingQuery, CoverageQuery } from '@callrec/contracts';
import { dateMessage, parseDateBound } from '../call-records/call-record-filters';

/*
 * What a coverage query selects, checked and resolved to instants (design 9.7). Pure: the
 * routes and the CSVs compile the result to SQL (coverage-sql.ts). Days are cut in an IANA
 * time zone; the database groups by it, and the bounds of a date-only `from`/`to` or of a
 * drill-down `day` are found here with the same zone rules (ICU's tz data, as PostgreSQL's).
 */

export const DEFAULT_COVERAGE_DAYS = 30;
/** A year and a leap day: a report by day never has more than 367 rows. */
export const MAX_COVERAGE_DAYS = 366;
const DAY_MS = 86_400_000;

/** The calls a coverage query covers: placed in [from, to), of one agent, list or Manual Dial. */
export interface CoverageWindow {
  from: Date;
  to: Date;
  timeZone: string;
  agentId?: string;
  /** One data list, any list (`manualDial=false`) or none (`manualDial=true`, Manual Dial). */
  dataList?: { id: string } | 'any' | 'none';
}

// Area/Location names (Europe/Paris, America/Argentina/Buenos_Aires, Etc/GMT+3) and plain ones
// (UTC). Offsets such as "+03:00" are refused: PostgreSQL reads them as POSIX zones, with the
// sign the other way round, so they would cut days three hours off.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

export const TIME_ZONE_MESSAGE = 'timeZone must be an IANA time zone name such as UTC, Europe/Paris or America/New_York';

/** The zone's canonical IANA name, or null when it is not one. */
export function normalizeTimeZone(value: string): string | null {
  if (!IANA_NAME.test(value)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(
  at: number,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']) % 24,
    minute: Number(parts['minute']),
    second: Number(parts['second']),
  };
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (at - (((at % 1000) + 1000) % 1000));
}

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** The instant a day starts in a zone (its midnight, or the first moment after a gap at midnight). */
export function startOfDay({ year, month, day }: CalendarDay, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  // Two passes: the offset at the first guess may differ from the offset at midnight itself.
  const guess = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(guess, timeZone));
}

/** `YYYY-MM-DD` of the day an instant falls on in a zone. */
export function dayKey(at: Date, timeZone: string): string {
  const w = wallClock(at.getTime(), timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** A real calendar day written `YYYY-MM-DD`, or null. */
export function parseDayKey(value: string): CalendarDay | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

function nextDay({ year, month, day }: CalendarDay): CalendarDay {
  const next = new Date(Date.UTC(year, month - 1, day) + DAY_MS);
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** [start, end) of a day in a zone: 23 or 25 hours long on the days the clocks change. */
export function dayBounds(day: CalendarDay, timeZone: string): { from: Date; to: Date } {
  return { from: startOfDay(day, timeZone), to: startOfDay(nextDay(day), timeZone) };
}

/**
 * A bound of the range: a date-time as written (UTC without a zone), a date the start of that
 * day in the report's zone; a date-only `to` includes its whole day.
 */
function bound(field: 'from' | 'to', value: string, timeZone: string): Date {
  const parsed = parseDateBound(value);
  if (!parsed) throw new BadRequestException(dateMessage(field));
  if (!parsed.dateOnly) return parsed.at;
  const day = parseDayKey(value) as CalendarDay;
  return field === 'from' ? startOfDay(day, timeZone) : dayBounds(day, timeZone).to;
}

/**
 * Checks a query and resolves it: `to` defaults to now, `from` to 30 days before `to`; the range
 * must run forwards and span at most MAX_COVERAGE_DAYS. Field formats are checked by the DTO too;
 * the parsers run again so a query that bypassed it gets the same messages.
 */
export function buildCoverageWindow(query: Omit<CoverageQuery, 'groupBy'>, now = new Date()): CoverageWindow {
  const timeZone = normalizeTimeZone(query.timeZone ?? 'UTC');
  if (!timeZone) throw new BadRequestException(TIME_ZONE_MESSAGE);
  const to = query.to === undefined ? now : bound('to', query.to, timeZone);
  const from = query.from === undefined ? new Date(to.getTime() - DEFAULT_COVERAGE_DAYS * DAY_MS) : bound('from', query.from, timeZone);
  if (from >= to) {
    throw new BadRequestException(`from (${from.toISOString()}) must be before to (${to.toISOString()})`);
  }
  if (to.getTime() - from.getTime() > MAX_COVERAGE_DAYS * DAY_MS) {
    const days = Math.ceil((to.getTime() - from.getTime()) / DAY_MS);
    throw new BadRequestException(
      `The range from ${from.toISOString()} to ${to.toISOString()} spans ${days} days; at most ${MAX_COVERAGE_DAYS} are allowed`,
    );
  }
  const window: CoverageWindow = { from, to, timeZone };
  if (query.agentId !== undefined) window.agentId = query.agentId;
  if (query.manualDial === true && query.dataListId !== undefined) {
    throw new BadRequestException('manualDial=true selects calls without a data list; it cannot be combined with dataListId');
  }
  if (query.dataListId !== undefined) window.dataList = { id: query.dataListId };
  else if (query.manualDial === true) window.dataList = 'none';
  else if (query.manualDial === false) window.dataList = 'any';
  return window;
}

export const DAY_MESSAGE = 'day must be a date written YYYY-MM-DD, as the report by day keys its rows';

/**
 * The missing list's window: with `day`, that day in the time zone, within from/to when they
 * are given (without them, the day alone, so a drill-down into any past day works).
 */
export function buildMissingWindow(query: Omit<CoverageMissingQuery, 'page' | 'pageSize' | 'reason'>, now = new Date()): CoverageWindow {
  const { day, ...rest } = query;
  if (day === undefined) return buildCoverageWindow(rest, now);
  const parsed = parseDayKey(day);
  if (!parsed) throw new BadRequestException(DAY_MESSAGE);
  const timeZone = normalizeTimeZone(query.timeZone ?? 'UTC');
  if (!timeZone) throw new BadRequestException(TIME_ZONE_MESSAGE);
  const bounds = dayBounds(parsed, timeZone);
  const explicit = rest.from !== undefined || rest.to !== undefined;
  const window = buildCoverageWindow({ ...rest, from: bounds.from.toISOString(), to: bounds.to.toISOString() }, now);
  if (!explicit) return window;
  const outer = buildCoverageWindow(rest, now);
  const from = outer.from > window.from ? outer.from : window.from;
  const to = outer.to < window.to ? outer.to : window.to;
  // A day outside the range selects nothing: an empty window rather than an error.
  return { ...window, from, to: to > from ? to : from };
}
