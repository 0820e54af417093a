import { BadRequestException } from '@nestjs/common';
import { CALL_OUTCOMES } from '@callrec/contracts';
import { orderKeys } from './call-record-keyset';
import { CallRecordOrder } from './call-record-filters';

/*
 * The search's keyset continuation. A cursor names the last call of a page by the values of
 * the keys its sort orders by (orderKeys, the same the CSV export walks), as the database
 * writes them as text. It is opaque to clients: base64url of JSON [sort, ...keys]. The sort
 * is inside so that a cursor cannot silently continue a different order; the filters are not,
 * as a cursor only says where to start. Every value is checked before it reaches a cast in
 * SQL, so a forged cursor is a 400, never a database error.
 */

export const CURSOR_MESSAGE = 'after must be a nextCursor returned by GET /api/call-records';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?$/;
const MAX_NAME = 1000;

export function sortText({ field, direction }: CallRecordOrder): string {
  return `${direction === 'desc' ? '-' : ''}${field}`;
}

export function encodeCursor(order: CallRecordOrder, keys: (string | null)[]): string {
  return Buffer.from(JSON.stringify([sortText(order), ...keys])).toString('base64url');
}

/** The keys a cursor names, checked against `order`'s keys; a 400 with a domain message otherwise. */
export function decodeCursor(cursor: string, order: CallRecordOrder): (string | null)[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestException(CURSOR_MESSAGE);
  }
  if (!Array.isArray(decoded) || typeof decoded[0] !== 'string') throw new BadRequestException(CURSOR_MESSAGE);
  const [sort, ...values] = decoded as unknown[];
  if (sort !== sortText(order)) {
    throw new BadRequestException(`after continues the sort ${String(sort)}, not ${sortText(order)}: start again from page 1`);
  }
  const keys = orderKeys(order);
  if (values.length !== keys.length) throw new BadRequestException(CURSOR_MESSAGE);
  keys.forEach((key, i) => {
    const value = values[i];
    const valid = value === null ? key.nullable : typeof value === 'string' && validValue(key.type, value);
    if (!valid) throw new BadRequestException(CURSOR_MESSAGE);
  });
  return values as (string | null)[];
}

function validValue(type: string, value: string): boolean {
  switch (type) {
    case 'uuid':
      return UUID.test(value);
    case 'timestamp':
      return validTimestamp(value);
    case 'int':
      return /^-?\d{1,10}$/.test(value) && Math.abs(Number(value)) <= 2_147_483_647;
    case '"CallOutcome"':
      return (CALL_OUTCOMES as readonly string[]).includes(value);
    default:
      // A name: any text PostgreSQL can hold (it refuses NUL).
      return value.length <= MAX_NAME && !value.includes('\u0000');
  }
}

function validTimestamp(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}
