import { CsvHeaderError, isBlankLine, mapHeader, validateLine } from './csv-columns';

describe('mapHeader', () => {
  it('finds phone, name and external_id in any order and case, ignoring other columns and a BOM', () => {
    expect(mapHeader(['phone', 'name', 'external_id'])).toEqual({ phone: 0, name: 1, externalId: 2, width: 3 });
    expect(mapHeader(['\uFEFFExternal_ID', ' notes ', 'PHONE', 'Name'])).toEqual({ phone: 2, name: 3, externalId: 0, width: 4 });
    expect(mapHeader(['phone'])).toEqual({ phone: 0, name: null, externalId: null, width: 1 });
  });

  it('refuses a header without a phone column, naming what it found', () => {
    expect(() => mapHeader(['name', 'email'])).toThrow(CsvHeaderError);
    expect(() => mapHeader(['name', 'email'])).toThrow(
      'The CSV header has no phone column (expected phone,name,external_id; found name,email)',
    );
  });

  it('refuses a column named twice', () => {
    expect(() => mapHeader(['phone', 'Phone'])).toThrow('The CSV header names the column phone twice');
  });
});

describe('validateLine', () => {
  const columns = mapHeader(['phone', 'name', 'external_id', 'notes']);

  it('normalises the number to E.164 and trims the fields', () => {
    expect(validateLine(['(201) 555-0123', ' Jane Doe ', ' c-1 ', 'x'], columns, 'US')).toEqual({
      ok: true,
      phone: '+12015550123',
      name: 'Jane Doe',
      externalId: 'c-1',
    });
    expect(validateLine(['020 7946 0958', '', '', ''], columns, 'GB')).toEqual({
      ok: true,
      phone: '+442079460958',
      name: null,
      externalId: null,
    });
  });

  it('rejects a bad or missing number, naming the value', () => {
    expect(validateLine(['12345', 'A', 'a', ''], columns, 'US')).toEqual({ ok: false, message: '"12345" is not a valid phone number' });
    expect(validateLine([' ', 'A', 'a', ''], columns, 'US')).toEqual({ ok: false, message: 'phone is missing' });
  });

  it('rejects a line with another number of fields than the header', () => {
    expect(validateLine(['+12015550123', 'A'], columns, 'US')).toEqual({ ok: false, message: 'The line has 2 fields; the header has 4' });
    expect(validateLine(['+12015550123', 'A', 'a', 'x', 'y'], columns, 'US')).toEqual({
      ok: false,
      message: 'The line has 5 fields; the header has 4',
    });
  });

  it('rejects over-long names and external ids', () => {
    expect(validateLine(['+12015550123', 'n'.repeat(201), '', ''], columns, 'US')).toEqual({
      ok: false,
      message: 'name is longer than 200 characters',
    });
    expect(validateLine(['+12015550123', '', 'e'.repeat(201), ''], columns, 'US')).toEqual({
      ok: false,
      message: 'external_id is longer than 200 characters',
    });
  });

  it('knows a blank line', () => {
    expect(isBlankLine([''])).toBe(true);
    expect(isBlankLine(['  '])).toBe(true);
    expect(isBlankLine(['', ''])).toBe(false);
    expect(isBlankLine(['+12015550123'])).toBe(false);
  });
});
