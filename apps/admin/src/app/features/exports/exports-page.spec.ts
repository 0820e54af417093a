import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { ExportDto } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { LastGridFilters } from '../../core/exports/last-grid-filters';
import { AGENTS, DATA_LISTS } from '../../testing/call-fixtures';
import { legalHold } from '../../testing/compliance-fixtures';
import { find, findButton } from '../../testing/dom';
import { exportDto } from '../../testing/export-fixtures';
import { fakeIntervalsOnly } from '../../testing/fake-intervals';
import { loginResponse } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { ExportsPage } from './exports-page';
import { EXPORTS_POLL_MS } from './exports-page.store';

describe('ExportsPage', () => {
  let backend: HttpTestingController;
  let page: HTMLElement;

  async function open(url = '/exports'): Promise<void> {
    const harness = await RouterTestingHarness.create(url);
    page = harness.routeNativeElement as HTMLElement;
    backend.expectOne('/api/agents').flush(AGENTS);
    backend.expectOne('/api/data-lists').flush(DATA_LISTS);
    backend.expectOne('/api/legal-holds?includeReleased=true').flush([legalHold()]);
  }

  beforeEach(() => {
    fakeIntervalsOnly();
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [...provideSpecDefaults(), provideRouter([{ path: 'exports', component: ExportsPage }])],
    });
    TestBed.inject(AuthSessionStore).start(loginResponse('COMPLIANCE'));
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    jest.useRealTimers();
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  /** Lets the poll's next tick fire and answers it. */
  async function answerList(items: ExportDto[], advance = 0): Promise<void> {
    jest.advanceTimersByTime(advance);
    backend.expectOne('/api/exports').flush({ items });
    await settle();
  }

  const row = (id: string) => find(page, `tr[data-export="${id}"]`);

  it('lists exports with who asked, why, the scope in words, the status and the link while it works', async () => {
    await open();
    await answerList([exportDto()]);

    const ready = row('exp-1');
    expect(ready.textContent).toContain('Regulator request FCA-114');
    expect(ready.textContent).toContain('by Compliance Person');
    expect(find(ready, '[data-testid="export-scope"]').textContent).toBe('Manual Dial');
    expect(find(ready, '[data-testid="export-status"]').textContent).toContain('Ready');
    expect(ready.textContent).toContain('3 recordings · 2.4 MB');
    expect(ready.textContent).toContain('Not required');
    expect(find<HTMLAnchorElement>(ready, '[data-testid="download-export"]').getAttribute('href')).toBe(
      '/api/exports/exp-1/download?token=t0k3n',
    );
  });

  it('reads the list every 2 s while an export is building, showing its progress, and stops once none is', async () => {
    await open();
    const building = exportDto({ status: 'running', done: 1, total: 4, bytes: 800_000, downloadUrl: undefined, expiresAt: null });
    await answerList([building]);
    expect(find(row('exp-1'), '[data-testid="export-progress"]').textContent).toContain('1 of 4 recordings · 800 KB');
    expect(row('exp-1').querySelector('mat-progress-bar')).not.toBeNull();

    jest.advanceTimersByTime(EXPORTS_POLL_MS - 1);
    backend.expectNone('/api/exports');
    await answerList([{ ...building, done: 3 }], 1);
    expect(find(row('exp-1'), '[data-testid="export-progress"]').textContent).toContain('3 of 4 recordings');

    await answerList([exportDto()], EXPORTS_POLL_MS);
    expect(find(row('exp-1'), '[data-testid="export-status"]').textContent).toContain('Ready');
    jest.advanceTimersByTime(EXPORTS_POLL_MS * 5);
    backend.expectNone('/api/exports');
  });

  it('keeps the list on screen when one refresh fails, and tries again', async () => {
    await open();
    await answerList([exportDto({ status: 'queued', done: 0, total: 0, downloadUrl: undefined })]);
    jest.advanceTimersByTime(EXPORTS_POLL_MS);
    backend.expectOne('/api/exports').flush({ statusCode: 503, error: 'Error', message: 'down' }, { status: 503, statusText: 'Error' });
    await settle();
    expect(row('exp-1').textContent).toContain('Queued');
    await answerList([exportDto()], EXPORTS_POLL_MS);
    expect(row('exp-1').textContent).toContain('Ready');
  });

  it('offers Approve to a second person only, and shows the approved export', async () => {
    await open();
    const mine = exportDto({
      id: 'exp-mine',
      status: 'awaiting-approval',
      approvalRequired: true,
      downloadUrl: undefined,
      requestedBy: { id: 'user-compliance', name: 'Compliance Person', email: 'c@example.com' },
    });
    const theirs = exportDto({
      id: 'exp-theirs',
      status: 'awaiting-approval',
      approvalRequired: true,
      downloadUrl: undefined,
      requestedBy: { id: 'user-other', name: 'Other Person', email: 'o@example.com' },
    });
    await answerList([mine, theirs]);
    expect(row('exp-mine').querySelector('[data-testid="approve-export"]')).toBeNull();
    expect(row('exp-mine').textContent).toContain('Not yet');

    find<HTMLButtonElement>(row('exp-theirs'), '[data-testid="approve-export"]').click();
    const approved = {
      ...theirs,
      status: 'queued' as const,
      approvedBy: { id: 'user-compliance', name: 'Compliance Person', email: 'c@example.com' },
      approvedAt: '2026-11-25T09:05:00.000Z',
    };
    backend.expectOne({ method: 'POST', url: '/api/exports/exp-theirs/approve' }).flush(approved);
    await settle();
    await answerList([mine, approved]);
    expect(row('exp-theirs').textContent).toContain('Compliance Person');
    expect(row('exp-theirs').querySelector('[data-testid="approve-export"]')).toBeNull();
  });

  it('hides the single-use link once followed, then reads the list again', async () => {
    await open();
    await answerList([exportDto()]);
    const link = find<HTMLAnchorElement>(row('exp-1'), '[data-testid="download-export"]');
    // jsdom does not navigate; the click handler is what is under test.
    link.addEventListener('click', (event) => event.preventDefault());
    link.click();
    await settle();
    expect(row('exp-1').querySelector('[data-testid="download-export"]')).toBeNull();
    expect(row('exp-1').textContent).toContain('Downloaded');
    await answerList([exportDto({ downloadUrl: undefined, downloadedAt: '2026-11-25T09:10:00.000Z' })], EXPORTS_POLL_MS);
    expect(row('exp-1').querySelector('[data-testid="download-export"]')).toBeNull();
  });

  it('opens the new-export dialog from the grid with its last filters, and requests the export with the reason', async () => {
    TestBed.inject(LastGridFilters).remember({ manualDial: true, hasRecording: true });
    await open('/exports?new=filters');
    await answerList([]);
    backend.expectOne('/api/legal-holds?includeReleased=false').flush([legalHold()]);
    await settle();

    const dialog = find(document.body, 'mat-dialog-container');
    expect(find(dialog, '[data-testid="scope-filters-summary"]').textContent).toContain('Manual Dial · With a recording');
    findButton(dialog, 'Request export').click();
    await settle();
    backend.expectNone('/api/exports');
    expect(dialog.textContent).toContain('Say who asked for the evidence and why');

    const reason = find<HTMLTextAreaElement>(dialog, 'textarea');
    reason.value = '  Counsel request, case 42  ';
    reason.dispatchEvent(new Event('input'));
    findButton(dialog, 'Request export').click();
    const request = backend.expectOne({ method: 'POST', url: '/api/exports' });
    expect(request.request.body).toEqual({
      reason: 'Counsel request, case 42',
      scope: { filters: { manualDial: true, hasRecording: true } },
    });
    // The API answers with the id and status only; the row comes with the next read of the list.
    request.flush({ id: 'exp-new', status: 'queued' }, { status: 202, statusText: 'Accepted' });
    await settle();
    await answerList([exportDto({ id: 'exp-new', status: 'queued', done: 0, total: 0, downloadUrl: undefined })]);
    expect(row('exp-new').textContent).toContain('Queued');
  });

  it('exports a legal hold when one is picked', async () => {
    await open('/exports?new=hold');
    await answerList([]);
    backend.expectOne('/api/legal-holds?includeReleased=false').flush([legalHold()]);
    await settle();
    const dialog = find(document.body, 'mat-dialog-container');
    const reason = find<HTMLTextAreaElement>(dialog, 'textarea');
    reason.value = 'Case 42 discovery';
    reason.dispatchEvent(new Event('input'));
    findButton(dialog, 'Request export').click();
    await settle();
    backend.expectNone('/api/exports');
    expect(dialog.textContent).toContain('Pick the hold whose recordings to export');

    find<HTMLElement>(dialog, 'mat-select').click();
    await settle();
    (document.querySelector('mat-option') as HTMLElement).click();
    await settle();
    findButton(dialog, 'Request export').click();
    const request = backend.expectOne({ method: 'POST', url: '/api/exports' });
    expect(request.request.body).toEqual({ reason: 'Case 42 discovery', scope: { legalHoldId: legalHold().id } });
    request.flush({ id: 'exp-hold', status: 'queued' }, { status: 202, statusText: 'Accepted' });
    await settle();
    await answerList([exportDto({ id: 'exp-hold', scope: { legalHoldId: legalHold().id } })]);
    expect(find(row('exp-hold'), '[data-testid="export-scope"]').textContent).toBe('Legal hold Case 42');
  });
});
