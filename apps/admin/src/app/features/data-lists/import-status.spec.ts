import { contactImport } from '../../testing/integration-fixtures';
import { cappedErrorsNote, importOutcome, isFinished, uploadPercent } from './import-status';
import { contactFiltersFromParams, contactFiltersToParams, phoneSearchTerm, toContactQuery } from './contact-filters';

describe('import status in words', () => {
  it('knows which imports have ended', () => {
    expect(isFinished(contactImport({ status: 'queued' }))).toBe(false);
    expect(isFinished(contactImport({ status: 'running' }))).toBe(false);
    expect(isFinished(contactImport({ status: 'completed' }))).toBe(true);
    expect(isFinished(contactImport({ status: 'failed' }))).toBe(true);
  });

  it('gives the upload’s share only when the size is known', () => {
    expect(uploadPercent({ fileName: 'a.csv', loaded: 1, total: 3 })).toBe(33);
    expect(uploadPercent({ fileName: 'a.csv', loaded: 5, total: 4 })).toBe(100);
    expect(uploadPercent({ fileName: 'a.csv', loaded: 5, total: null })).toBeNull();
  });

  it('notes a capped error list, and only then', () => {
    expect(cappedErrorsNote(contactImport())).toBeNull();
    expect(cappedErrorsNote(contactImport({ rejected: 3, errors: [{ line: 2, message: 'x' }] }))).toBe(
      'Showing the first 1 of 3 rejected lines.',
    );
  });

  it('sums an import up', () => {
    expect(importOutcome(contactImport({ imported: 5, updated: 2, rejected: 0 }))).toBe('Import finished: 5 added, 2 updated');
    expect(importOutcome(contactImport({ status: 'failed', failure: 'Not a CSV file' }))).toBe('The import failed: Not a CSV file');
  });
});

describe('contact filters', () => {
  it('reads the URL, ignoring what it cannot use', () => {
    expect(contactFiltersFromParams({ phone: '+1415', page: '3', pageSize: '50' })).toEqual({ phone: '+1415', page: 3, pageSize: 50 });
    expect(contactFiltersFromParams({ phone: 'abc', page: '-1', pageSize: '9999' })).toEqual({ phone: '', page: 1, pageSize: 200 });
  });

  it('leaves defaults out of the URL and sends the list with every query', () => {
    expect(contactFiltersToParams({ phone: '', page: 1, pageSize: 25 })).toEqual({ phone: null, page: null, pageSize: null });
    expect(toContactQuery('list-1', { phone: '', page: 2, pageSize: 25 })).toEqual({ dataListId: 'list-1', page: 2, pageSize: 25 });
  });

  it('takes digits as people type them', () => {
    expect(phoneSearchTerm('+1 (415) 555-01')).toBe('+141555501');
    expect(phoneSearchTerm('')).toBe('');
    expect(phoneSearchTerm('abc')).toBeNull();
  });
});
