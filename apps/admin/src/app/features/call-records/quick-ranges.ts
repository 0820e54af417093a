import { addDays, toLocalIsoDate } from '../../core/dates/local-dates';

export type QuickRangeKey = 'today' | '7d' | '30d';

export interface QuickRange {
  readonly key: QuickRangeKey;
  readonly label: string;
  /** How many calendar days, today included. */
  readonly days: number;
}

export const QUICK_RANGES: readonly QuickRange[] = [
  { key: 'today', label: 'Today', days: 1 },
  { key: '7d', label: '7 days', days: 7 },
  { key: '30d', label: '30 days', days: 30 },
];

/** The dates of a quick range ending today: "7 days" is today and the six days before it. */
export function quickRangeDates(key: QuickRangeKey, now: Date): { from: string; to: string } {
  const range = QUICK_RANGES.find((candidate) => candidate.key === key) ?? QUICK_RANGES[0];
  return { from: toLocalIsoDate(addDays(now, 1 - range.days)), to: toLocalIsoDate(now) };
}

/** The quick range the dates amount to today, so its button shows as pressed. */
export function matchingQuickRange(from: string | null, to: string | null, now: Date): QuickRangeKey | null {
  if (!from || !to) {
    return null;
  }
  const match = QUICK_RANGES.find((range) => {
    const dates = quickRangeDates(range.key, now);
    return dates.from === from && dates.to === to;
  });
  return match?.key ?? null;
}
