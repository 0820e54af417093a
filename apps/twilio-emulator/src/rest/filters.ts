import { badParam } from '../errors';
import { single, type Params } from '../http/params';
import { parseDateFilter, type DateBound } from '../time';

export interface DateRange {
  /** inclusive */
  from: number;
  /** inclusive */
  to: number;
}

/**
 * Folds `Key`, `Key>` (on or after) and `Key<` (on or before) into one inclusive range, or null
 * when none is present.
 */
export function dateRange(params: Params, key: string): DateRange | null {
  const bound = (k: string): DateBound | undefined => {
    const v = single(params, k);
    if (v === undefined || v === '') return undefined;
    const parsed = parseDateFilter(v);
    if (!parsed) throw badParam(`${k} must be a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:mm:ssZ)`);
    return parsed;
  };
  const exact = bound(key);
  const after = bound(`${key}>`);
  const before = bound(`${key}<`);
  if (!exact && !after && !before) return null;
  let from = -Infinity;
  let to = Infinity;
  if (exact) [from, to] = [exact.from, exact.to];
  if (after) from = Math.max(from, after.from);
  if (before) to = Math.min(to, before.to);
  return { from, to };
}

export function inRange(at: number | null, range: DateRange | null): boolean {
  if (!range) return true;
  return at !== null && at >= range.from && at <= range.to;
}

/** Twilio lists newest first. Ties (same millisecond) keep the reverse creation order. */
export function newestFirst<T extends { createdAt: number }>(items: Iterable<T>): T[] {
  return [...items].reverse().sort((a, b) => b.createdAt - a.createdAt);
}
