import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Role } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { find, findButton } from '../../testing/dom';
import { apiError, loginResponse } from '../../testing/fixtures';
import { dataListDto } from '../../testing/integration-fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { DataListsPage } from './data-lists-page';

describe('DataListsPage', () => {
  let backend: HttpTestingController;
  let page: HTMLElement;

  const renewals = dataListDto();
  const winback = dataListDto({ id: 'list-2', name: 'Winback', externalId: null, description: null, contactCount: 0 });

  async function openAs(role: Role): Promise<void> {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [...provideSpecDefaults(), provideRouter([{ path: 'data-lists', component: DataListsPage }])],
    });
    TestBed.inject(AuthSessionStore).start(loginResponse(role));
    backend = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create('/data-lists');
    page = harness.routeNativeElement as HTMLElement;
  }

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  const row = (name: string) => find(page, `tr[data-list="${name}"]`);
  const surface = () => find(document, 'mat-dialog-container');

  it('lists the lists with their external id, contact count and description, linking to each', async () => {
    await openAs('ADMIN');
    expect(page.textContent).toContain('Loading data lists');
    backend.expectOne('/api/data-lists/summary').flush([renewals, winback]);
    await settle();

    expect(row('Spring Renewals').textContent).toContain('five9-4471');
    expect(find(row('Spring Renewals'), '[data-testid="contact-count"]').textContent).toBe('1,250');
    expect(row('Spring Renewals').textContent).toContain('Customers whose policy renews in March');
    expect(row('Spring Renewals').textContent).toContain('20 Nov 2026');
    expect(find(row('Spring Renewals'), 'a').getAttribute('href')).toBe('/data-lists/list-1');
    expect(row('Winback').textContent).toContain('—');
  });

  it('creates a list in the dialog and shows it without reloading', async () => {
    await openAs('ADMIN');
    backend.expectOne('/api/data-lists/summary').flush([renewals]);
    await settle();

    findButton(page, 'New data list').click();
    await settle();
    const name = find<HTMLInputElement>(surface(), 'input[formcontrolname="name"]');
    name.value = '  Autumn Leads ';
    name.dispatchEvent(new Event('input'));
    const externalId = find<HTMLInputElement>(surface(), 'input[formcontrolname="externalId"]');
    externalId.value = 'ext-9';
    externalId.dispatchEvent(new Event('input'));
    findButton(surface(), 'Create list').click();
    await settle();

    const request = backend.expectOne({ method: 'POST', url: '/api/data-lists' });
    expect(request.request.body).toEqual({ name: 'Autumn Leads', externalId: 'ext-9' });
    request.flush(dataListDto({ id: 'list-3', name: 'Autumn Leads', externalId: 'ext-9', contactCount: 0, description: null }));
    await settle();

    expect(document.querySelector('mat-dialog-container')).toBeNull();
    const names = Array.from(page.querySelectorAll('tbody th.name')).map((cell) => cell.textContent?.trim());
    expect(names).toEqual(['Autumn Leads', 'Spring Renewals']);
  });

  it('keeps the dialog open with the API’s message when the external id is taken', async () => {
    await openAs('ADMIN');
    backend.expectOne('/api/data-lists/summary').flush([renewals]);
    await settle();

    find<HTMLButtonElement>(row('Spring Renewals'), 'button[aria-label="Edit Spring Renewals"]').click();
    await settle();
    const externalId = find<HTMLInputElement>(surface(), 'input[formcontrolname="externalId"]');
    externalId.value = 'taken-1';
    externalId.dispatchEvent(new Event('input'));
    findButton(surface(), 'Save changes').click();
    await settle();

    const request = backend.expectOne({ method: 'PATCH', url: '/api/data-lists/list-1' });
    expect(request.request.body).toEqual({ externalId: 'taken-1' });
    request.flush(apiError(409, "A data list with external id 'taken-1' already exists", 'Conflict'), {
      status: 409,
      statusText: 'Conflict',
    });
    await settle();

    expect(find(surface(), '[data-testid="data-list-error"]').textContent).toContain("external id 'taken-1' already exists");
    expect(surface().textContent).toContain('Another list already has this external id');
  });

  it.each<Role>(['COMPLIANCE', 'SUPERVISOR'])('shows %s the lists without the ADMIN actions', async (role) => {
    await openAs(role);
    backend.expectOne('/api/data-lists/summary').flush([renewals]);
    await settle();

    expect(row('Spring Renewals')).toBeTruthy();
    expect(page.textContent).not.toContain('New data list');
    expect(page.querySelector('button[aria-label="Edit Spring Renewals"]')).toBeNull();
  });

  it('shows a failed load in place, with a retry', async () => {
    await openAs('ADMIN');
    backend.expectOne('/api/data-lists/summary').flush(apiError(503, 'Database unavailable'), { status: 503, statusText: 'Unavailable' });
    await settle();
    expect(page.textContent).toContain('Database unavailable');

    findButton(page, 'Try again').click();
    backend.expectOne('/api/data-lists/summary').flush([]);
    await settle();
    expect(page.textContent).toContain('No data lists yet');
  });
});
