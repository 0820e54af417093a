import { parseDateFilter, rfc2822 } from './time';

describe('time helpers', () => {
  it('formats RFC 2822 in UTC like Twilio', () => {
    expect(rfc2822(Date.UTC(2010, 7, 31, 20, 36, 29))).toBe('Tue, 31 Aug 2010 20:36:29 +0000');
  });

  it('parses list date filters (date or date-time)', () => {
    expect(parseDateFilter('2024-03-05')).toEqual({
      from: Date.UTC(2024, 2, 5),
      to: Date.UTC(2024, 2, 6) - 1,
    });
    expect(parseDateFilter('2024-03-05T10:11:12Z')).toEqual({
      from: Date.UTC(2024, 2, 5, 10, 11, 12),
      to: Date.UTC(2024, 2, 5, 10, 11, 12, 999),
    });
    expect(parseDateFilter('2024-02-30')).toBeNull();
    expect(parseDateFilter('yesterday')).toBeNull();
  });
});
