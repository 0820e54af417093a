import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor } from './call-record-cursor';
import { buildOrder } from './call-record-filters';

const ID = '6f1c1f0e-8d4b-4b8e-9a51-0d8c3d1b2a01';
const AT = '2024-03-01 09:30:00.123';
const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The 400's message, or the keys. */
function decode(cursor: string, sort: string): (string | null)[] | string {
  try {
    return decodeCursor(cursor, buildOrder(sort));
  } catch (error) {
    return ((error as BadRequestException).getResponse() as { message: string }).message;
  }
}

describe('search cursors', () => {
  it('round-trips the keys of each sort, NULLs where the key may be missing', () => {
    expect(decode(encodeCursor(buildOrder('-placedAt'), [AT, ID]), '-placedAt')).toEqual([AT, ID]);
    expect(decode(encodeCursor(buildOrder('agent'), [null, AT, ID]), 'agent')).toEqual([null, AT, ID]);
    expect(decode(encodeCursor(buildOrder('-agent'), ["Zoë O'Brien", AT, ID]), '-agent')).toEqual(["Zoë O'Brien", AT, ID]);
    expect(decode(encodeCursor(buildOrder('durationSeconds'), ['45', AT, ID]), 'durationSeconds')).toEqual(['45', AT, ID]);
    expect(decode(encodeCursor(buildOrder('-outcome'), ['SALE', AT, ID]), '-outcome')).toEqual(['SALE', AT, ID]);
  });

  it('refuses a cursor of another sort, telling which', () => {
    expect(decode(encodeCursor(buildOrder('agent'), [null, AT, ID]), '-agent')).toBe(
      'after continues the sort agent, not -agent: start again from page 1',
    );
  });

  it.each([
    ['not base64 JSON', '!!!'],
    ['not an array', forge({ sort: '-placedAt' })],
    ['too few keys', forge(['-placedAt', AT])],
    ['a NULL where the key has none', forge(['-placedAt', null, ID])],
    ['an impossible date', forge(['-placedAt', '2024-02-30 00:00:00', ID])],
    ['a date in another format', forge(['-placedAt', '2024-03-01T09:30:00Z', ID])],
    ['an id that is not a UUID', forge(['-placedAt', AT, "1' OR '1'='1"])],
    ['a duration that is not an integer', forge(['durationSeconds', '4.5', AT, ID])],
    ['a duration out of range', forge(['durationSeconds', '99999999999', AT, ID])],
    ['an unknown outcome', forge(['outcome', 'sale', AT, ID])],
    ['a name with a NUL', forge(['agent', 'a\u0000b', AT, ID])],
    ['a number instead of text', forge(['durationSeconds', 45, AT, ID])],
  ])('refuses %s', (_what, cursor) => {
    const sort = /durationSeconds|outcome|agent/.exec(Buffer.from(cursor, 'base64url').toString())?.[0] ?? '-placedAt';
    expect(decode(cursor, sort)).toBe('after must be a nextCursor returned by GET /api/call-records');
  });
});
