/*
 * The CSV of the call-records export: RFC 4180 quoting, and no formula injection. A spreadsheet
 * runs a cell that starts with = + - @ (or a tab or carriage return, which some strip first)
 * as a formula, so such a cell is prefixed with a single quote, as OWASP's CSV injection advice
 * says. Pure functions: the route streams what they return.
 */

/** What starts a formula in Excel, LibreOffice and Google Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A field that holds one of these must be quoted (RFC 4180 section 2). */
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, neutralised and quoted when needed; null and undefined are empty fields. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Numbers are written by us, never by a caller: a negative one is still a number, not a formula.
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, with the CRLF line break RFC 4180 asks for. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
