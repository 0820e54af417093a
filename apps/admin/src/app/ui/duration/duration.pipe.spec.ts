import { DurationPipe, formatClock, spokenDuration } from './duration.pipe';

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [7, '0:07'],
    [59.99, '0:59'],
    [60, '1:00'],
    [275, '4:35'],
    [3599, '59:59'],
    [3729, '1:02:09'],
    [-3, '0:00'],
    [Number.NaN, '0:00'],
    [Number.POSITIVE_INFINITY, '0:00'],
    [null, '0:00'],
  ])('%p s reads %p', (seconds, clock) => {
    expect(formatClock(seconds)).toBe(clock);
  });
});

describe('spokenDuration', () => {
  it.each([
    [0, '0 seconds'],
    [1, '1 second'],
    [60, '1 minute'],
    [275, '4 minutes 35 seconds'],
  ])('%p s is %p', (seconds, words) => {
    expect(spokenDuration(seconds)).toBe(words);
  });
});

describe('DurationPipe', () => {
  it('shows a dash for a call that has no length yet', () => {
    expect(new DurationPipe().transform(null)).toBe('—');
    expect(new DurationPipe().transform(67)).toBe('1:07');
  });
});
