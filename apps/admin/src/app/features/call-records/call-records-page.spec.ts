import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { CallRecordDto } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { AGENTS, callPage, callRecord, DATA_LISTS, recordingSummary } from '../../testing/call-fixtures';
import { find, findButton } from '../../testing/dom';
import { FakeEventSource, provideFakeEventSource } from '../../testing/fake-event-source';
import { apiError, loginResponse } from '../../testing/fixtures';
import { fakeIntervalsOnly } from '../../testing/fake-intervals';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { CallRecordsPage } from './call-records-page';

@Component({ template: 'recording' })
class RecordingStub {}

describe('CallRecordsPage', () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let router: Router;
  let page: HTMLElement;

  beforeEach(async () => {
    fakeIntervalsOnly();
    sessionStorage.clear();
    FakeEventSource.reset();
    TestBed.configureTestingModule({
      providers: [
        ...provideSpecDefaults(),
        provideFakeEventSource(),
        provideRouter([{ path: 'call-records', component: CallRecordsPage, children: [{ path: ':id', component: RecordingStub }] }]),
      ],
    });
    TestBed.inject(AuthSessionStore).start(loginResponse('COMPLIANCE'));
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => {
    jest.useRealTimers();
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  async function open(url: string): Promise<void> {
    await harness.navigateByUrl(url);
    page = harness.routeNativeElement as HTMLElement;
    backend.expectOne('/api/agents').flush(AGENTS);
    backend.expectOne('/api/data-lists').flush(DATA_LISTS);
    await settle();
  }

  function searchRequest(): TestRequest {
    return backend.expectOne((request) => request.url === '/api/call-records');
  }

  async function answer(request: TestRequest, items: CallRecordDto[], total = items.length): Promise<void> {
    request.flush(callPage(items, { total }));
    await settle();
  }

  const rows = () => Array.from(page.querySelectorAll<HTMLElement>('tr[mat-row]'));
  const query = (request: TestRequest) => new URLSearchParams(request.request.urlWithParams.split('?')[1]);

  it('loads what the URL asks for, with the plus of a phone number encoded', async () => {
    await open('/call-records?phone=%2B14155550100&list=manual&page=2&sort=agent&recording=1');

    const request = searchRequest();
    expect(request.request.urlWithParams).toContain('phone=%2B14155550100');
    expect(Object.fromEntries(query(request))).toEqual({
      phone: '+14155550100',
      manualDial: 'true',
      hasRecording: 'true',
      sort: 'agent',
      page: '2',
      pageSize: '25',
    });
    await answer(request, [callRecord()], 26);

    expect(rows()).toHaveLength(1);
    expect(find<HTMLInputElement>(page, '[data-testid="filter-phone"]').value).toBe('+14155550100');
    expect(find(page, '[data-testid="result-count"]').textContent).toContain('26 calls');
  });

  it('puts a new sort in the URL, back on page 1 with every filter kept', async () => {
    await open('/call-records?phone=%2B14155550100&page=2');
    await answer(searchRequest(), [callRecord()], 26);

    find(page, 'th.mat-column-durationSeconds .mat-sort-header-container').click();
    await settle();

    expect(router.url).toBe('/call-records?phone=%2B14155550100&sort=-durationSeconds');
    const request = searchRequest();
    expect(query(request).get('sort')).toBe('-durationSeconds');
    expect(query(request).get('page')).toBe('1');
    await answer(request, [callRecord()], 26);
  });

  it('turns pages through the URL, so Back returns to the previous page', async () => {
    await open('/call-records');
    await answer(searchRequest(), [callRecord()], 60);

    find<HTMLButtonElement>(page, 'button.mat-mdc-paginator-navigation-next').click();
    await settle();
    expect(router.url).toBe('/call-records?page=2');
    expect(query(searchRequest()).get('page')).toBe('2');
  });

  it('flags an estimated total and turns past 10,000 calls by the cursor the API gave', async () => {
    await open('/call-records?page=400');
    searchRequest().flush(callPage([callRecord()], { total: 411_000, totalExact: false, page: 400, nextCursor: 'CURSOR-401' }));
    await settle();
    expect(find(page, '[data-testid="result-count"]').textContent?.trim()).toBe('10,000+ calls (about 411,000)');
    expect(find(page, '.mat-mdc-paginator-range-label').textContent?.trim()).toBe('9,976 – 10,000 of about 411,000');

    find<HTMLButtonElement>(page, 'button.mat-mdc-paginator-navigation-next').click();
    await settle();
    expect(router.url).toBe('/call-records?page=401&after=CURSOR-401');
    expect(query(searchRequest()).get('after')).toBe('CURSOR-401');
  });

  it('refreshes the page in view quietly on a live event and highlights what changed', async () => {
    await open('/call-records?page=2&outcome=SALE');
    const pending = callRecord({ recordings: [recordingSummary({ status: 'PENDING', durationSeconds: null, sizeBytes: null })] });
    const other = callRecord({ id: 'call-9', toNumber: '+14155550199' });
    await answer(searchRequest(), [pending, other], 40);

    const source = FakeEventSource.latest();
    source.open();
    await settle();
    expect(find(page, '[data-testid="live-status"]').textContent).toContain('Live');
    source.push({ type: 'recording.stored', callRecordId: 'call-1', recordingId: 'rec-1' });
    source.push({ type: 'call.updated', callRecordId: 'call-1' });
    jest.advanceTimersByTime(700);

    const refresh = searchRequest();
    expect(query(refresh).get('page')).toBe('2');
    expect(query(refresh).get('outcome')).toBe('SALE');
    expect(page.querySelector('mat-progress-bar')).toBeNull();
    await answer(refresh, [callRecord(), other], 40);

    expect(router.url).toBe('/call-records?page=2&outcome=SALE');
    expect(rows()[0].classList).toContain('changed');
    expect(rows()[0].textContent).toContain('Stored');
    expect(rows()[1].classList).not.toContain('changed');
  });

  it('opens straight into the player from a deep link and marks its row', async () => {
    await open('/call-records/call-9?outcome=SALE');
    await answer(searchRequest(), [callRecord(), callRecord({ id: 'call-9' })]);

    expect(page.textContent).toContain('recording');
    expect(find(page, 'tr[data-call-id="call-9"]').getAttribute('aria-current')).toBe('true');
    expect(find(page, 'tr[data-call-id="call-1"]').getAttribute('aria-current')).toBeNull();
  });

  it('explains an empty result and clears the filters, keeping the sort', async () => {
    await open('/call-records?outcome=VOICEMAIL&sort=agent');
    await answer(searchRequest(), []);

    expect(page.textContent).toContain('No calls match these filters');
    findButton(page, 'Clear filters').click();
    await settle();
    expect(router.url).toBe('/call-records?sort=agent');
    await answer(searchRequest(), [callRecord()]);
    expect(rows()).toHaveLength(1);
  });

  it('shows a failure in place with a retry', async () => {
    await open('/call-records');
    searchRequest().flush(apiError(400, 'phone must be digits'), { status: 400, statusText: 'Bad Request' });
    await settle();

    expect(page.querySelector('app-error-state')?.textContent).toContain('phone must be digits');
    find<HTMLButtonElement>(page, 'app-error-state button').click();
    await settle();
    await answer(searchRequest(), [callRecord()]);
    expect(rows()).toHaveLength(1);
  });

  describe('Export CSV', () => {
    let saved: { name: string; href: string }[];

    beforeEach(() => {
      saved = [];
      // jsdom has no object URLs and does not download: record what would have been saved.
      Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:csv-1'), revokeObjectURL: jest.fn() });
      jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        saved.push({ name: this.download, href: this.getAttribute('href') ?? '' });
      });
    });

    afterEach(() => jest.restoreAllMocks());

    const exportButton = () => find<HTMLButtonElement>(page, '[data-testid="export-csv"]');

    it("downloads every call of the current filters and sort, without paging, under the API's file name", async () => {
      await open('/call-records?list=manual&recording=1&sort=agent&page=3');
      await answer(searchRequest(), [callRecord()], 80);

      exportButton().click();
      await settle();
      expect(exportButton().disabled).toBe(true);
      const request = backend.expectOne((r) => r.url === '/api/call-records/export.csv');
      expect(Object.fromEntries(query(request))).toEqual({ manualDial: 'true', hasRecording: 'true', sort: 'agent' });
      expect(request.request.responseType).toBe('blob');
      request.flush(new Blob(['Placed at (UTC)\r\n'], { type: 'text/csv' }), {
        headers: { 'Content-Disposition': 'attachment; filename="call-records-2026-12-02.csv"' },
      });
      await settle();

      expect(saved).toEqual([{ name: 'call-records-2026-12-02.csv', href: 'blob:csv-1' }]);
      expect(exportButton().disabled).toBe(false);
    });

    it("says why an export failed, in the API's words, and lets the person try again", async () => {
      await open('/call-records');
      await answer(searchRequest(), [callRecord()]);

      exportButton().click();
      backend
        .expectOne((r) => r.url === '/api/call-records/export.csv')
        .flush(new Blob([JSON.stringify(apiError(400, 'phone must be digits'))], { type: 'application/json' }), {
          status: 400,
          statusText: 'Bad Request',
        });
      await settle();
      await settle();

      expect(document.querySelector('.app-snack-error')?.textContent).toContain('Could not export the calls: phone must be digits');
      expect(saved).toEqual([]);
      expect(exportButton().disabled).toBe(false);
    });
  });
});
