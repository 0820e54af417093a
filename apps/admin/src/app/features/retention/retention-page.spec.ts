import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { AGENTS, DATA_LISTS } from '../../testing/call-fixtures';
import { retentionPolicy, retentionPreview, retentionRun } from '../../testing/compliance-fixtures';
import { find, findButton } from '../../testing/dom';
import { apiError, loginResponse } from '../../testing/fixtures';
import { fakeIntervalsOnly } from '../../testing/fake-intervals';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { RetentionPage } from './retention-page';

describe('RetentionPage', () => {
  let fixture: ComponentFixture<RetentionPage>;
  let backend: HttpTestingController;
  let page: HTMLElement;

  const defaultPolicy = retentionPolicy({ id: 'pol-0', name: 'Everything: 2 years', retainDays: 730, scope: {} });
  const listPolicy = retentionPolicy({
    id: 'pol-2',
    name: 'Renewals',
    retainDays: 90,
    scope: { dataListId: 'list-1', agentId: 'agent-2' },
    enabled: false,
  });

  beforeEach(async () => {
    fakeIntervalsOnly();
    sessionStorage.clear();
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    TestBed.inject(AuthSessionStore).start(loginResponse('ADMIN'));
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RetentionPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/agents').flush(AGENTS);
    backend.expectOne('/api/data-lists').flush(DATA_LISTS);
  });

  afterEach(() => {
    jest.useRealTimers();
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  async function respond(
    policies: object = [defaultPolicy, retentionPolicy(), listPolicy],
    preview: object = retentionPreview(),
    runs: object = [retentionRun()],
  ): Promise<void> {
    backend.expectOne('/api/retention-policies').flush(policies);
    backend.expectOne('/api/retention/preview').flush(preview);
    backend.expectOne('/api/retention/runs').flush(runs);
    await settle();
  }

  const section = (id: string) => find(page, `[data-testid="${id}"]`);
  const policyRow = (name: string) => find(page, `tr[data-policy="${name}"]`);

  it('shows loading states, then policies with their scope in words', async () => {
    expect(page.textContent).toContain('Loading policies');
    expect(page.textContent).toContain('Working out what has expired');
    await respond();

    expect(policyRow('Everything: 2 years').textContent).toContain('Every recording (default)');
    expect(policyRow('Everything: 2 years').textContent).toContain('730 days (2 years)');
    expect(policyRow('Manual Dial: 7 days').textContent).toContain('Manual Dial only');
    expect(policyRow('Renewals').textContent).toContain('List: Spring Renewals · Agent: Jordan Reyes');
    expect(policyRow('Renewals').classList).toContain('disabled');
  });

  it('previews the next sweep per policy and names the holds that spare recordings', async () => {
    await respond();
    expect(find(section('preview'), '[data-testid="preview-total"]').textContent).toContain('3');
    expect(find(section('preview'), '[data-testid="preview-bytes"]').textContent).toContain('5.4 MB');
    expect(find(section('preview'), '[data-testid="preview-held"]').textContent).toContain('1');
    expect(find(section('preview'), 'tr[data-preview-policy="Manual Dial: 7 days"]').textContent).toContain('29 Oct 2026');
    expect(find(section('preview'), '[data-testid="spared-hold"]').textContent).toContain('Case 42 keeps 1 expired recording');
  });

  it('says when nothing has expired and no sweep has run, instead of showing empty tables', async () => {
    await respond([], retentionPreview({ total: 0, bytes: 0, byPolicy: [], spared: { held: 0, byHold: [] } }), []);
    expect(section('policies').textContent).toContain('No retention policies');
    expect(section('preview').textContent).toContain('Nothing has expired');
    expect(section('runs').textContent).toContain('No sweeps yet');
  });

  it('shows a failed preview in place, with a retry', async () => {
    backend.expectOne('/api/retention-policies').flush([defaultPolicy]);
    backend.expectOne('/api/retention/preview').flush(apiError(503, 'Database unavailable'), { status: 503, statusText: 'Unavailable' });
    backend.expectOne('/api/retention/runs').flush([]);
    await settle();

    expect(section('preview').textContent).toContain('Database unavailable');
    findButton(section('preview'), 'Try again').click();
    backend.expectOne('/api/retention/preview').flush(retentionPreview());
    await settle();
    expect(find(section('preview'), '[data-testid="preview-total"]').textContent).toContain('3');
  });

  it('disables a policy with its toggle and reads the preview again', async () => {
    await respond();
    find<HTMLButtonElement>(policyRow('Manual Dial: 7 days'), 'mat-slide-toggle button').click();
    await settle();

    const request = backend.expectOne('/api/retention-policies/pol-1');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ enabled: false });
    request.flush(retentionPolicy({ enabled: false }));
    await settle();
    backend.expectOne('/api/retention/preview').flush(retentionPreview({ total: 0, byPolicy: [] }));
    await settle();
    expect(policyRow('Manual Dial: 7 days').classList).toContain('disabled');
  });

  it('runs a sweep now, follows it until it has finished, then shows it and the new preview', async () => {
    const earlier = retentionRun({ id: 'run-0', trigger: 'cron' });
    await respond(undefined, undefined, [earlier]);

    findButton(page, 'Run sweep now').click();
    const run = backend.expectOne({ method: 'POST', url: '/api/retention/run' });
    run.flush({ enqueued: true, jobId: 'retention-sweep:manual:1' }, { status: 202, statusText: 'Accepted' });
    await settle();
    expect(findButton(page, 'Sweeping…').disabled).toBe(true);

    jest.advanceTimersByTime(0);
    backend.expectOne('/api/retention/runs').flush([retentionRun({ id: 'run-1', finishedAt: null }), earlier]);
    await settle();
    jest.advanceTimersByTime(1500);
    backend.expectOne('/api/retention/runs').flush([retentionRun({ id: 'run-1' }), earlier]);
    await settle();
    backend
      .expectOne('/api/retention/preview')
      .flush(retentionPreview({ total: 0, bytes: 0, byPolicy: [], spared: { held: 1, byHold: [] } }));
    await settle();

    const rows = section('runs').querySelectorAll('[data-testid="run-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Run now');
    expect(find(rows[0], '[data-testid="run-deleted"]').textContent).toBe('3');
    expect(find(rows[0], '[data-testid="run-held"]').textContent).toBe('1');
    expect(rows[1].textContent).toContain('Nightly');
    expect(findButton(page, 'Run sweep now').disabled).toBe(false);
    expect(document.body.textContent).toContain('Sweep finished: deleted 3 recordings (5.4 MB); 1 kept under legal hold.');
  });

  it('deletes a policy only after confirmation', async () => {
    await respond();
    find<HTMLButtonElement>(policyRow('Renewals'), 'button[aria-label="Delete Renewals"]').click();
    await settle();
    findButton(find(document, 'mat-dialog-container'), 'Delete policy').click();
    await settle();

    const request = backend.expectOne('/api/retention-policies/pol-2');
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    backend.expectOne('/api/retention/preview').flush(retentionPreview());
    await settle();
    expect(page.querySelector('tr[data-policy="Renewals"]')).toBeNull();
  });
});
