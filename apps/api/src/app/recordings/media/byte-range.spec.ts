import fc from 'fast-check';
import { capRange, parseRange, rangeStillValid } from './byte-range';

describe('parseRange', () => {
  const size = 1000;

  it.each([
    ['bytes=0-0', { kind: 'partial', start: 0, end: 0 }],
    ['bytes=999-999', { kind: 'partial', start: 999, end: 999 }],
    ['bytes=100-199', { kind: 'partial', start: 100, end: 199 }],
    ['bytes=900-', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=500-5000', { kind: 'partial', start: 500, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=1000-1001', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-4', { kind: 'full' }],
    ['bytes=0-1,5-6', { kind: 'full' }],
    ['items=0-1', { kind: 'full' }],
    ['bytes=abc', { kind: 'full' }],
    ['bytes=-', { kind: 'full' }],
    ['bytes=99999999999999999999-', { kind: 'unsatisfiable' }],
  ])('%s', (header, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it('serves everything when there is no header, and nothing partial of an empty file', () => {
    expect(parseRange(undefined, size)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-1', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('never answers a range outside the file, whatever the header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat({ max: 1_000_000 }), (header, fileSize) => {
        const result = parseRange(header, fileSize);
        if (result.kind === 'partial') {
          expect(result.start).toBeGreaterThanOrEqual(0);
          expect(result.end).toBeLessThan(fileSize);
          expect(result.start).toBeLessThanOrEqual(result.end);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps well-formed ranges inside the file', () => {
    fc.assert(
      fc.property(fc.nat({ max: 5000 }), fc.nat({ max: 5000 }), fc.integer({ min: 1, max: 4000 }), (a, b, fileSize) => {
        const result = parseRange(`bytes=${a}-${b}`, fileSize);
        if (b < a) expect(result).toEqual({ kind: 'full' });
        else if (a >= fileSize) expect(result).toEqual({ kind: 'unsatisfiable' });
        else expect(result).toEqual({ kind: 'partial', start: a, end: Math.min(b, fileSize - 1) });
      }),
    );
  });
});

describe('rangeStillValid', () => {
  it('accepts only the current strong ETag', () => {
    expect(rangeStillValid(undefined, '"abc"')).toBe(true);
    expect(rangeStillValid('"abc"', '"abc"')).toBe(true);
    expect(rangeStillValid('"old"', '"abc"')).toBe(false);
    expect(rangeStillValid('W/"abc"', '"abc"')).toBe(false);
    expect(rangeStillValid('Wed, 21 Oct 2015 07:28:00 GMT', '"abc"')).toBe(false);
  });
});

describe('capRange', () => {
  const size = 10_000;
  const max = 1000;

  it.each([
    ['the whole of a larger file', { kind: 'full' } as const, { kind: 'partial', start: 0, end: 999 }],
    ['an open range', { kind: 'partial', start: 500, end: 9999 } as const, { kind: 'partial', start: 500, end: 1499 }],
    ['a range inside the limit', { kind: 'partial', start: 10, end: 19 } as const, { kind: 'partial', start: 10, end: 19 }],
    ['exactly the limit', { kind: 'partial', start: 0, end: 999 } as const, { kind: 'partial', start: 0, end: 999 }],
    ['the tail', { kind: 'partial', start: 9990, end: 9999 } as const, { kind: 'partial', start: 9990, end: 9999 }],
    ['an unsatisfiable range', { kind: 'unsatisfiable' } as const, { kind: 'unsatisfiable' }],
  ])('%s', (_name, range, expected) => {
    expect(capRange(range, size, max)).toEqual(expected);
  });

  it('leaves a file no larger than the limit whole, and every range as asked without a limit', () => {
    expect(capRange({ kind: 'full' }, max, max)).toEqual({ kind: 'full' });
    expect(capRange({ kind: 'full' }, size, undefined)).toEqual({ kind: 'full' });
    expect(capRange({ kind: 'partial', start: 0, end: size - 1 }, size, undefined)).toEqual({ kind: 'partial', start: 0, end: size - 1 });
  });

  it('never sends more than the limit, always starts where asked, and stays inside the file', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.nat({ max: 100_000 }), fc.integer({ min: 1, max: 20_000 }), (header, fileSize, limit) => {
        const asked = parseRange(header, fileSize);
        const sent = capRange(asked, fileSize, limit);
        if (sent.kind === 'partial') {
          expect(sent.end - sent.start + 1).toBeLessThanOrEqual(limit);
          expect(sent.start).toBe(asked.kind === 'partial' ? asked.start : 0);
          expect(sent.end).toBeLessThan(fileSize);
          expect(sent.start).toBeLessThanOrEqual(sent.end);
        } else {
          expect(sent.kind).toBe(asked.kind);
          if (sent.kind === 'full') expect(fileSize).toBeLessThanOrEqual(limit);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
