import { HttpErrorResponse } from '@angular/common/http';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SHOWS_ERRORS_INLINE } from '../core/http/api-error';
import { provideSpecDefaults } from '../testing/providers';
import { CsvFile } from './call-records-api.service';
import { CoverageApiService } from './coverage-api.service';

describe('CoverageApiService', () => {
  let backend: HttpTestingController;
  let api: CoverageApiService;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    backend = TestBed.inject(HttpTestingController);
    api = TestBed.inject(CoverageApiService);
  });

  afterEach(() => backend.verify());

  it('asks for the report with the query as it is, and leaves out what is not set', () => {
    api
      .report({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', groupBy: 'agent', timeZone: 'Europe/London' })
      .subscribe();
    const request = backend.expectOne((r) => r.url === '/api/coverage');
    expect(request.request.params.keys()).toEqual(['from', 'to', 'groupBy', 'timeZone']);
    expect(request.request.params.get('groupBy')).toBe('agent');
    expect(request.request.params.get('timeZone')).toBe('Europe/London');
    // The page shows the failure in place: the global notifier stays quiet.
    expect(request.request.context.get(SHOWS_ERRORS_INLINE)).toBe(true);
    request.flush({});
  });

  it('asks for a page of missing calls of one day and one reason', () => {
    api
      .missing({ from: 'a', to: 'b', timeZone: 'UTC', day: '2026-11-24', reason: 'ABSENT', manualDial: undefined, page: 2, pageSize: 10 })
      .subscribe();
    const request = backend.expectOne((r) => r.url === '/api/coverage/missing');
    expect(request.request.params.toString()).toBe('from=a&to=b&timeZone=UTC&day=2026-11-24&reason=ABSENT&page=2&pageSize=10');
    request.flush({ items: [], total: 0, page: 2, pageSize: 10 });
  });

  it('downloads a CSV as a blob named as the API says, or with a default name', () => {
    const files: CsvFile[] = [];
    api.reportCsv({ from: 'a', to: 'b', groupBy: 'day', timeZone: 'UTC' }).subscribe((file) => files.push(file));
    const report = backend.expectOne((r) => r.url === '/api/coverage.csv');
    expect(report.request.responseType).toBe('blob');
    report.flush(new Blob(['key,label\n'], { type: 'text/csv' }), {
      headers: { 'Content-Disposition': 'attachment; filename="coverage-day-2026-12-02.csv"' },
    });
    api.missingCsv({ from: 'a', to: 'b', timeZone: 'UTC', manualDial: true }).subscribe((file) => files.push(file));
    const missing = backend.expectOne((r) => r.url === '/api/coverage/missing.csv');
    expect(missing.request.params.get('manualDial')).toBe('true');
    missing.flush(new Blob(['callRecordId\n'], { type: 'text/csv' }));

    expect(files.map((file) => file.filename)).toEqual(['coverage-day-2026-12-02.csv', 'coverage-missing.csv']);
    expect(files[0].blob.size).toBeGreaterThan(0);
  });

  it("reads the API's refusal of a CSV, which arrives as a blob, so its message can be shown", async () => {
    const failure = new Promise<unknown>((resolve) => api.missingCsv({ from: 'x' }).subscribe({ error: resolve }));
    backend
      .expectOne((r) => r.url === '/api/coverage/missing.csv')
      .flush(new Blob([JSON.stringify({ statusCode: 400, message: 'from must be an ISO date', error: 'Bad Request' })]), {
        status: 400,
        statusText: 'Bad Request',
      });
    const error = await failure;
    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect((error as HttpErrorResponse).error).toEqual({ statusCode: 400, message: 'from must be an ISO date', error: 'Bad Request' });
  });
});
