import { BadRequestException } from '@nestjs/common';
import { buildCoverageWindow, buildMissingWindow, dayBounds, dayKey, normalizeTimeZone, parseDayKey, startOfDay } from './coverage-window';

const NOW = new Date('2026-11-20T10:00:00.000Z');

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof BadRequestException) return error.message;
    throw error;
  }
  throw new Error('expected a BadRequestException');
}

describe('coverage time zones and days', () => {
  it('accepts IANA names (canonical spelling) and refuses offsets and nonsense', () => {
    expect(normalizeTimeZone('UTC')).toBe('UTC');
    expect(normalizeTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(normalizeTimeZone('America/Argentina/Buenos_Aires')).toMatch(/Buenos_Aires$/);
    expect(normalizeTimeZone('Mars/Olympus')).toBeNull();
    // PostgreSQL would read "+03:00" as a POSIX zone three hours the other way.
    expect(normalizeTimeZone('+03:00')).toBeNull();
    expect(normalizeTimeZone("UTC'; DROP TABLE x")).toBeNull();
  });

  it('cuts days in the zone, including the days the clocks change', () => {
    expect(dayKey(new Date('2026-03-29T22:30:00Z'), 'UTC')).toBe('2026-03-29');
    expect(dayKey(new Date('2026-03-29T22:30:00Z'), 'Europe/Paris')).toBe('2026-03-30');
    expect(dayKey(new Date('2026-03-30T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-29');
    expect(startOfDay({ year: 2026, month: 7, day: 1 }, 'Europe/Paris').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // 29 March 2026: Paris moves from +01:00 to +02:00, a 23-hour day.
    const spring = dayBounds({ year: 2026, month: 3, day: 29 }, 'Europe/Paris');
    expect([spring.from.toISOString(), spring.to.toISOString()]).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    const autumn = dayBounds({ year: 2026, month: 10, day: 25 }, 'Europe/Paris');
    expect((autumn.to.getTime() - autumn.from.getTime()) / 3_600_000).toBe(25);
  });

  it('reads day keys that are real dates only', () => {
    expect(parseDayKey('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseDayKey('2026-02-29')).toBeNull();
    expect(parseDayKey('2026-2-1')).toBeNull();
    expect(parseDayKey('2026-11-20T00:00:00Z')).toBeNull();
  });
});

describe('buildCoverageWindow', () => {
  it('defaults to the 30 days up to now, in UTC', () => {
    expect(buildCoverageWindow({}, NOW)).toEqual({ from: new Date('2026-10-21T10:00:00.000Z'), to: NOW, timeZone: 'UTC' });
  });

  it('reads a date as the start of that day in the zone, and a date-only `to` as including its day', () => {
    const window = buildCoverageWindow({ from: '2026-11-01', to: '2026-11-02', timeZone: 'Europe/Paris' }, NOW);
    expect(window.from.toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(window.to.toISOString()).toBe('2026-11-02T23:00:00.000Z');
    expect(buildCoverageWindow({ from: '2026-11-01T08:00:00+02:00', to: '2026-11-01T09:00:00Z' }, NOW)).toMatchObject({
      from: new Date('2026-11-01T06:00:00.000Z'),
      to: new Date('2026-11-01T09:00:00.000Z'),
    });
  });

  it('maps manualDial and dataListId to the data-list scope', () => {
    expect(buildCoverageWindow({ manualDial: true }, NOW).dataList).toBe('none');
    expect(buildCoverageWindow({ manualDial: false }, NOW).dataList).toBe('any');
    expect(buildCoverageWindow({ dataListId: 'L', agentId: 'A' }, NOW)).toMatchObject({ dataList: { id: 'L' }, agentId: 'A' });
  });

  it('refuses backwards, empty and too long ranges, bad zones and contradictory filters with a message', () => {
    expect(message(() => buildCoverageWindow({ from: '2026-11-02', to: '2026-11-01T00:00:00Z' }, NOW))).toMatch(
      /from \(.*\) must be before to/,
    );
    expect(message(() => buildCoverageWindow({ from: '2026-11-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }, NOW))).toMatch(/must be before/);
    expect(message(() => buildCoverageWindow({ from: '2025-01-01', to: '2026-01-03' }, NOW))).toBe(
      'The range from 2025-01-01T00:00:00.000Z to 2026-01-04T00:00:00.000Z spans 368 days; at most 366 are allowed',
    );
    expect(buildCoverageWindow({ from: '2024-01-01', to: '2024-12-31' }, NOW).to.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(message(() => buildCoverageWindow({ timeZone: 'Nowhere/Land' }, NOW))).toMatch(/timeZone must be an IANA time zone name/);
    expect(message(() => buildCoverageWindow({ from: 'yesterday' }, NOW))).toMatch(/^from must be an ISO 8601 date/);
    expect(message(() => buildCoverageWindow({ manualDial: true, dataListId: 'L' }, NOW))).toMatch(/cannot be combined with dataListId/);
  });
});

describe('buildMissingWindow', () => {
  it('drills into one day of the zone, any day when from/to are not given', () => {
    const window = buildMissingWindow({ day: '2025-06-10', timeZone: 'America/New_York' }, NOW);
    expect([window.from.toISOString(), window.to.toISOString()]).toEqual(['2025-06-10T04:00:00.000Z', '2025-06-11T04:00:00.000Z']);
  });

  it('keeps within from/to when they are given, and an outside day selects nothing', () => {
    const inside = buildMissingWindow({ day: '2026-11-10', from: '2026-11-10T12:00:00Z', to: '2026-11-20' }, NOW);
    expect([inside.from.toISOString(), inside.to.toISOString()]).toEqual(['2026-11-10T12:00:00.000Z', '2026-11-11T00:00:00.000Z']);
    const outside = buildMissingWindow({ day: '2026-10-01', from: '2026-11-01', to: '2026-11-20' }, NOW);
    expect(outside.from.getTime()).toBe(outside.to.getTime());
  });

  it('refuses a day that is not a real date', () => {
    expect(message(() => buildMissingWindow({ day: '2026-13-01' }, NOW))).toMatch(/^day must be a date written YYYY-MM-DD/);
  });
});
