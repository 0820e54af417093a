import { parse } from 'csv-parse/sync';
import { csvCell, csvLine } from './call-records-csv';

describe('call-records CSV cells', () => {
  it.each(['=1+1', '+14155550123', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil","x")'])(
    'prefixes %p with a quote so no spreadsheet runs it',
    (value) => {
      const cell = csvCell(value);
      const [[parsed]] = parse(csvLine([value]), { relaxQuotes: false }) as string[][];
      expect(parsed).toBe(`'${value}`);
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    },
  );

  it('leaves ordinary text and numbers alone', () => {
    expect(csvCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('')).toBe('');
  });

  it('quotes commas, quotes and line breaks per RFC 4180', () => {
    expect(csvCell('Smith, Jane')).toBe('"Smith, Jane"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=a,"b"')).toBe(`"'=a,""b"""`);
  });

  it('writes records that parse back to the same fields', () => {
    const rows = [
      ['a', 'b,c', 'd"e', 'f\r\ng', ''],
      ['1', '', ' x ', 'ü€', "it's"],
    ];
    const text = rows.map((row) => csvLine(row)).join('');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text)).toEqual(rows);
  });
});
