import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { AGENTS, DATA_LISTS } from '../../testing/call-fixtures';
import { legalHold } from '../../testing/compliance-fixtures';
import { find, findButton } from '../../testing/dom';
import { apiError, loginResponse } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { LegalHoldsPage } from './legal-holds-page';

describe('LegalHoldsPage', () => {
  let fixture: ComponentFixture<LegalHoldsPage>;
  let backend: HttpTestingController;
  let page: HTMLElement;

  const active = legalHold({ criteria: { phone: '+14155550915', dataListId: 'list-2' }, coveredRecordings: 2 });
  const released = legalHold({
    id: 'hold-0',
    name: 'Case 7',
    releasedAt: '2026-11-22T16:00:00.000Z',
    releasedBy: 'Admin Person',
    releaseReason: 'Case settled',
    coveredRecordings: 0,
  });

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    TestBed.inject(AuthSessionStore).start(loginResponse('COMPLIANCE'));
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LegalHoldsPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/agents').flush(AGENTS);
    backend.expectOne('/api/data-lists').flush(DATA_LISTS);
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  async function respond(includeReleased: boolean, body: object, status = 200): Promise<void> {
    backend
      .expectOne(`/api/legal-holds?includeReleased=${includeReleased}`)
      .flush(body, status === 200 ? undefined : { status, statusText: 'Error' });
    await settle();
  }

  const row = (name: string) => find(page, `tr[data-hold="${name}"]`);

  it('lists active holds with criteria in words and what they cover now', async () => {
    expect(page.textContent).toContain('Loading legal holds');
    await respond(false, [active]);

    expect(row('Case 42').textContent).toContain('Counsel asked on 20 Nov');
    expect(row('Case 42').textContent).toContain('Number +14155550915');
    expect(row('Case 42').textContent).toContain('List Webinar Leads');
    expect(find(row('Case 42'), '[data-testid="hold-covered"]').textContent).toBe('2');
    expect(row('Case 42').textContent).toContain('by Compliance Person');
    expect(row('Case 42').textContent).toContain('Active');
  });

  it('shows released holds, with who released them and why, when asked', async () => {
    await respond(false, [active]);
    find<HTMLButtonElement>(page, 'mat-slide-toggle button').click();
    await settle();
    await respond(true, [active, released]);

    expect(row('Case 7').textContent).toContain('Released');
    expect(row('Case 7').textContent).toContain('by Admin Person');
    expect(row('Case 7').textContent).toContain('“Case settled”');
    expect(row('Case 7').querySelector('button')).toBeNull();
    expect(page.textContent).toContain('All holds');
  });

  it('explains an empty list and offers to place a hold', async () => {
    await respond(false, []);
    expect(page.textContent).toContain('No active legal holds');
    expect(findButton(page.querySelector('app-empty-state') as HTMLElement, 'Place hold')).toBeTruthy();
  });

  it('shows a failed load with a retry', async () => {
    await respond(false, apiError(403, 'This needs the role COMPLIANCE'), 403);
    expect(page.querySelector('app-error-state')?.textContent).toContain('This needs the role COMPLIANCE');
    findButton(page, 'Try again').click();
    await settle();
    await respond(false, [active]);
    expect(row('Case 42')).toBeTruthy();
  });

  it('releases a hold only with a reason, then reads the list again', async () => {
    await respond(false, [active]);
    findButton(row('Case 42'), 'Release').click();
    await settle();
    const dialog = find(document, 'mat-dialog-container');
    expect(dialog.textContent).toContain('Release Case 42?');
    expect(dialog.textContent).toContain('Its 2 recordings fall back under the retention policies');

    findButton(dialog, 'Release hold').click();
    await settle();
    expect(dialog.textContent).toContain('Say why the hold can end');
    backend.expectNone('/api/legal-holds/hold-1/release');

    const reason = find<HTMLTextAreaElement>(dialog, 'textarea');
    reason.value = ' Case settled ';
    reason.dispatchEvent(new Event('input'));
    findButton(dialog, 'Release hold').click();
    await settle();
    const request = backend.expectOne('/api/legal-holds/hold-1/release');
    expect(request.request.body).toEqual({ reason: 'Case settled' });
    request.flush({ ...active, releasedAt: '2026-11-25T10:00:00.000Z', releasedBy: 'Compliance Person', releaseReason: 'Case settled' });
    await settle();
    await respond(false, []);
    expect(page.textContent).toContain('No active legal holds');
  });
});
