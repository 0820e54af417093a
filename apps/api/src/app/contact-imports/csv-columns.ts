import { InvalidPhoneNumberError, toE164 } from '../../common/phone/phone-number';

/** Where each known column sits in a line; other columns are ignored. */
export interface ColumnMap {
  phone: number;
  name: number | null;
  externalId: number | null;
  /** Fields the header has: every line must have as many. */
  width: number;
}

/** The header cannot be used: the whole import is refused with this message. */
export class CsvHeaderError extends Error {}

export const EXPECTED_HEADER = 'phone,name,external_id';
const COLUMN_OF: Record<string, keyof Omit<ColumnMap, 'width'>> = { phone: 'phone', name: 'name', external_id: 'externalId' };
const MAX_TEXT = 200;

/** Maps `phone,name,external_id` in any order and case; only phone is required. */
export function mapHeader(fields: readonly string[]): ColumnMap {
  const found: Partial<Record<keyof Omit<ColumnMap, 'width'>, number>> = {};
  fields.forEach((field, index) => {
    const name = field
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase();
    const column = COLUMN_OF[name];
    if (!column) return;
    if (found[column] !== undefined) throw new CsvHeaderError(`The CSV header names the column ${name} twice`);
    found[column] = index;
  });
  if (found.phone === undefined) {
    const shown = fields
      .slice(0, 10)
      .map((field) => field.trim())
      .join(',');
    throw new CsvHeaderError(`The CSV header has no phone column (expected ${EXPECTED_HEADER}; found ${shown || 'nothing'})`);
  }
  return { phone: found.phone, name: found.name ?? null, externalId: found.externalId ?? null, width: fields.length };
}

export type LineResult = { ok: true; phone: string; name: string | null; externalId: string | null } | { ok: false; message: string };

/** An empty line (or one of spaces only): skipped, not counted. */
export function isBlankLine(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

/** Checks one data line and normalises its number to E.164 in `region`. */
export function validateLine(fields: readonly string[], columns: ColumnMap, region: string): LineResult {
  if (fields.length !== columns.width) {
    return {
      ok: false,
      message: `The line has ${fields.length} ${fields.length === 1 ? 'field' : 'fields'}; the header has ${columns.width}`,
    };
  }
  const rawPhone = fields[columns.phone].trim();
  if (rawPhone === '') return { ok: false, message: 'phone is missing' };
  let phone: string;
  try {
    phone = toE164(rawPhone, region);
  } catch (error) {
    if (error instanceof InvalidPhoneNumberError) return { ok: false, message: error.message };
    throw error;
  }
  const name = columns.name === null ? '' : fields[columns.name].trim();
  if (name.length > MAX_TEXT) return { ok: false, message: `name is longer than ${MAX_TEXT} characters` };
  const externalId = columns.externalId === null ? '' : fields[columns.externalId].trim();
  if (externalId.length > MAX_TEXT) return { ok: false, message: `external_id is longer than ${MAX_TEXT} characters` };
  return { ok: true, phone, name: name || null, externalId: externalId || null };
}
