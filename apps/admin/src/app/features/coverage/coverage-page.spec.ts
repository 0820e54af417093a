import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { CoverageGroup, CoverageReport } from '@callrec/contracts';
import { CHART_LOADER } from '../../ui/coverage-chart/coverage-chart';
import { coverageReport, coverageRow, missingItem, missingPage } from '../../testing/coverage-fixtures';
import { find, findButton, visibleText } from '../../testing/dom';
import { apiError } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { CoveragePage } from './coverage-page';
import { COVERAGE_CLOCK } from './coverage.store';

@Component({ template: 'call' })
class CallStub {}

const DAYS = [
  coverageRow({ key: '2026-11-30', label: '30 Nov', answered: 40, recorded: 40 }),
  coverageRow({ key: '2026-12-01', label: '1 Dec', answered: 60, recorded: 57, missing: 1, absent: 2 }),
];
const AGENT_ROWS = [
  coverageRow({ key: 'agent-1', label: 'Avery Agent', answered: 70, recorded: 70 }),
  coverageRow({ key: 'agent-2', label: 'Blake Caller', answered: 28, recorded: 25, missing: 1, absent: 2 }),
  coverageRow({ key: 'unassigned', label: 'Unassigned', answered: 2, recorded: 1, missing: 1 }),
];
const LIST_ROWS = [coverageRow({ key: 'manual', label: 'Manual Dial', answered: 100, recorded: 97, missing: 1, absent: 2 })];

describe('CoveragePage', () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let router: Router;
  let page: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        ...provideSpecDefaults(),
        provideRouter([
          { path: 'coverage', component: CoveragePage },
          { path: 'call-records/:id', component: CallStub },
        ]),
        { provide: COVERAGE_CLOCK, useValue: { today: () => new Date(2026, 11, 2, 15, 0), timeZone: () => 'Europe/London' } },
        // jsdom cannot draw; the chart's own spec covers Chart.js.
        { provide: CHART_LOADER, useValue: () => new Promise(() => undefined) },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  const reportRequest = (groupBy: CoverageGroup): TestRequest =>
    backend.expectOne((r) => r.url === '/api/coverage' && r.params.get('groupBy') === groupBy);
  const missingRequest = (): TestRequest => backend.expectOne((r) => r.url === '/api/coverage/missing');

  async function open(url: string, days: CoverageReport = coverageReport(DAYS)): Promise<void> {
    await harness.navigateByUrl(url);
    page = harness.routeNativeElement as HTMLElement;
    reportRequest('day').flush(days);
    reportRequest('agent').flush(coverageReport(AGENT_ROWS, { groupBy: 'agent' }));
    reportRequest('dataList').flush(coverageReport(LIST_ROWS, { groupBy: 'dataList' }));
    await settle();
  }

  const tableRows = (testId: string) =>
    Array.from(find(page, `[data-testid="${testId}"]`).querySelectorAll('tr[data-testid="coverage-row"]')).map((row) =>
      visibleText(row.querySelector('.label') as Element),
    );

  it('shows the last 30 days: the summary, in alert when under COVERAGE_ALERT_BELOW, and the tables worst first', async () => {
    await open('/coverage');
    const missing = missingRequest();
    expect(missing.request.params.get('from')).toBe(new Date(2026, 10, 3).toISOString());
    expect(missing.request.params.get('to')).toBe(new Date(2026, 11, 3).toISOString());
    expect(missing.request.params.get('timeZone')).toBe('Europe/London');
    missing.flush(missingPage([missingItem()]));
    await settle();

    expect(visibleText(find(page, '[data-testid="stat-coverage"] .value'))).toBe('97.0%');
    expect(find(page, '[data-testid="stat-coverage"]').classList).toContain('tone-error');
    expect(visibleText(find(page, '[data-testid="stat-gaps"] .value'))).toBe('3');
    expect(visibleText(find(page, '[data-testid="stat-gaps"] .label'))).toBe('Not recorded: 1 missing · 0 failed · 2 absent');
    expect(visibleText(find(page, '[data-testid="coverage-alert"]'))).toContain('Coverage is 97.0%, below the 99.0%');
    // The API's `YYYY-MM-DD` labels, as people read days.
    expect(find(page, 'canvas').getAttribute('aria-label')).toContain('the lowest is Tue 1 Dec at 95.0%');
    expect(tableRows('coverage-by-agent')).toEqual(['Unassigned', 'Blake Caller', 'Avery Agent']);
    // Orphans with no agent cannot be listed by agent: their count is shown, not offered.
    const unassigned = find(page, '[data-testid="coverage-by-agent"] tr[data-key="unassigned"]');
    expect(unassigned.querySelector('[data-testid="coverage-drill"]')).toBeNull();
    expect(visibleText(find(unassigned, '.plain'))).toBe('1');

    const call = find(page, '[data-testid="missing-call"]');
    expect(visibleText(call)).toContain('Absent');
    expect(visibleText(call)).toContain('Twilio reported the recording absent (ErrorCode 13617)');
    expect(find<HTMLAnchorElement>(call, '[data-testid="missing-open"]').getAttribute('href')).toBe('/call-records/call-9');
  });

  it('drills into an agent: the URL keeps it, only the missing calls are asked again, and the chip shows it all again', async () => {
    await open('/coverage');
    missingRequest().flush(missingPage([missingItem()]));
    await settle();

    find<HTMLButtonElement>(page, '[data-testid="coverage-by-agent"] [data-testid="coverage-drill"]').click();
    await settle();
    expect(router.url).toBe('/coverage?agent=agent-2');
    const drilled = missingRequest();
    expect(drilled.request.params.get('agentId')).toBe('agent-2');
    drilled.flush(missingPage([missingItem({ agent: null, dataListLabel: 'Manual Dial' })]));
    await settle();
    expect(visibleText(find(page, '[data-testid="coverage-drill-chip"]'))).toBe('Only the agent: Blake Caller');
    expect(visibleText(find(page, '[data-testid="missing-call"]'))).toContain('Unassigned');

    find<HTMLButtonElement>(page, '[data-testid="coverage-drill-chip"] button').click();
    await settle();
    expect(router.url).toBe('/coverage');
    expect(missingRequest().request.params.has('agentId')).toBe(false);
  });

  it('drills into a day from the table of days, and into Manual Dial from the lists', async () => {
    await open('/coverage?from=2026-11-30&to=2026-12-01');
    missingRequest().flush(missingPage([]));
    await settle();
    expect(visibleText(find(page, '[data-testid="coverage-missing"] app-empty-state'))).toContain('Every answered call here was recorded');

    findButton(page, 'Show as a table').click();
    await settle();
    find<HTMLButtonElement>(page, '#days-table [data-testid="coverage-drill"]').click();
    await settle();
    expect(missingRequest().request.params.get('day')).toBe('2026-12-01');

    find<HTMLButtonElement>(page, '[data-testid="coverage-by-list"] [data-testid="coverage-drill"]').click();
    await settle();
    expect(router.url).toBe('/coverage?from=2026-11-30&to=2026-12-01&list=manual');
    expect(missingRequest().request.params.get('manualDial')).toBe('true');
  });

  it('says when nothing was answered in the range, instead of an empty chart', async () => {
    await open('/coverage', coverageReport([coverageRow({ answered: 0, recorded: 0 })]));
    missingRequest().flush(missingPage([]));
    await settle();

    expect(visibleText(find(page, 'app-empty-state'))).toContain('No answered calls in this range');
    expect(page.querySelector('app-coverage-chart')).toBeNull();
    expect(page.querySelector('[data-testid="coverage-alert"]')).toBeNull();
  });

  it("shows the API's refusal and asks again on Retry", async () => {
    await harness.navigateByUrl('/coverage');
    page = harness.routeNativeElement as HTMLElement;
    reportRequest('agent').flush(coverageReport(AGENT_ROWS));
    reportRequest('dataList').flush(coverageReport(LIST_ROWS));
    reportRequest('day').flush(apiError(400, 'timeZone must be an IANA time zone'), { status: 400, statusText: 'Bad Request' });
    missingRequest().flush(missingPage([]));
    await settle();
    expect(visibleText(find(page, 'app-error-state'))).toContain('timeZone must be an IANA time zone');

    findButton(page, 'Try again').click();
    await settle();
    reportRequest('day').flush(coverageReport(DAYS));
    reportRequest('agent').flush(coverageReport(AGENT_ROWS));
    reportRequest('dataList').flush(coverageReport(LIST_ROWS));
    await settle();
    expect(page.querySelector('app-error-state')).toBeNull();
    expect(visibleText(find(page, '[data-testid="stat-coverage"] .value'))).toBe('97.0%');
  });

  it('downloads the missing calls of the selection as CSV, without paging', async () => {
    const saved: string[] = [];
    Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:csv-1'), revokeObjectURL: jest.fn() });
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    await open('/coverage?day=2026-12-01&reason=ABSENT&page=2');
    missingRequest().flush(missingPage([missingItem()], { total: 11, page: 2 }));
    await settle();

    find<HTMLButtonElement>(page, '[data-testid="coverage-missing-csv"]').click();
    const csv = backend.expectOne((r) => r.url === '/api/coverage/missing.csv');
    expect(csv.request.params.keys().sort()).toEqual(['day', 'from', 'reason', 'timeZone', 'to']);
    csv.flush(new Blob(['callRecordId\n']), { headers: { 'Content-Disposition': 'attachment; filename="coverage-missing.csv"' } });
    await settle();
    expect(saved).toEqual(['coverage-missing.csv']);
    click.mockRestore();
  });
});
