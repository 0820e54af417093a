import { addDays, localDayEnd, parseLocalDate, toLocalIsoDate } from '../../core/dates/local-dates';
import { matchingQuickRange, quickRangeDates } from './quick-ranges';

describe('quick ranges', () => {
  // Late in the evening, when a UTC-based "today" would already be tomorrow in some zones.
  const now = new Date(2026, 10, 25, 23, 30);

  it('counts today in the range: today, the last 7 and the last 30 days', () => {
    expect(quickRangeDates('today', now)).toEqual({ from: '2026-11-25', to: '2026-11-25' });
    expect(quickRangeDates('7d', now)).toEqual({ from: '2026-11-19', to: '2026-11-25' });
    expect(quickRangeDates('30d', now)).toEqual({ from: '2026-10-27', to: '2026-11-25' });
  });

  it('crosses month and year ends by calendar days', () => {
    expect(quickRangeDates('7d', new Date(2027, 0, 3, 8))).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('recognises the dates of a quick range so its button shows as pressed', () => {
    expect(matchingQuickRange('2026-11-19', '2026-11-25', now)).toBe('7d');
    expect(matchingQuickRange('2026-11-25', '2026-11-25', now)).toBe('today');
    expect(matchingQuickRange('2026-11-18', '2026-11-25', now)).toBeNull();
    expect(matchingQuickRange(null, '2026-11-25', now)).toBeNull();
  });
});

describe('local dates', () => {
  it('reads and writes YYYY-MM-DD in local time and refuses days that do not exist', () => {
    expect(toLocalIsoDate(new Date(2026, 0, 5))).toBe('2026-01-05');
    expect(parseLocalDate('2026-01-05')?.getTime()).toBe(new Date(2026, 0, 5).getTime());
    expect(parseLocalDate('2026-02-29')).toBeNull();
    expect(parseLocalDate('26-1-5')).toBeNull();
  });

  it('ends a day at its last millisecond and adds calendar days', () => {
    expect(localDayEnd(new Date(2026, 5, 1, 12)).getTime()).toBe(new Date(2026, 5, 2).getTime() - 1);
    expect(toLocalIsoDate(addDays(new Date(2026, 2, 1), -1))).toBe('2026-02-28');
  });
});
