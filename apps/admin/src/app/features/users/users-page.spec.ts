import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { apiError, loginResponse, userDto } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { UsersPage } from './users-page';
import { find, findButton } from '../../testing/dom';

describe('UsersPage', () => {
  let fixture: ComponentFixture<UsersPage>;
  let backend: HttpTestingController;
  let page: HTMLElement;

  const admin = userDto({ id: 'u-admin', name: 'Alex Admin', email: 'alex@example.com', role: 'ADMIN' });
  const jane = userDto({ id: 'u-jane', name: 'Jane Doe', email: 'jane@example.com', role: 'SUPERVISOR' });
  const old = userDto({ id: 'u-old', name: 'Old Timer', email: 'old@example.com', role: 'AGENT', active: false });

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    TestBed.inject(AuthSessionStore).start({ ...loginResponse('ADMIN'), user: { ...admin } });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UsersPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  const rows = () => Array.from(page.querySelectorAll<HTMLElement>('tr[mat-row]'));
  const row = (email: string) => find<HTMLElement>(page, `tr[data-email="${email}"]`);

  async function respond(body: object, status = 200): Promise<void> {
    backend.expectOne('/api/users').flush(body, status === 200 ? undefined : { status, statusText: 'Error' });
    await fixture.whenStable();
  }

  it('shows a loading state until the users arrive', async () => {
    expect(page.querySelector('.skeleton')).not.toBeNull();
    expect(page.textContent).toContain('Loading users');

    await respond([admin, jane, old]);

    expect(page.querySelector('.skeleton')).toBeNull();
    expect(rows()).toHaveLength(3);
    expect(page.textContent).toContain('3 users · 2 active');
  });

  it('shows each user with role, status and date, and no controls on your own row', async () => {
    await respond([admin, jane, old]);

    expect(row('alex@example.com').textContent).toContain('You');
    expect(row('alex@example.com').querySelector('mat-select')).toBeNull();
    expect(row('alex@example.com').querySelector('button')).toBeNull();

    expect(row('jane@example.com').querySelector('mat-select')?.getAttribute('aria-label')).toBe('Role of Jane Doe');
    expect(row('jane@example.com').textContent).toContain('Supervisor');
    expect(row('jane@example.com').textContent).toContain('Active');
    expect(row('jane@example.com').textContent).toContain('Jan 15, 2026');
    expect(row('jane@example.com').querySelector('button')?.textContent).toContain('Deactivate');

    expect(row('old@example.com').textContent).toContain('Inactive');
    expect(row('old@example.com').querySelector('button')?.textContent).toContain('Reactivate');
  });

  it('says when a filter matches nobody and offers to clear it', async () => {
    await respond([admin, jane]);
    const filter = find<HTMLInputElement>(page, 'input[matInput]');
    filter.value = 'zzz';
    filter.dispatchEvent(new Event('input'));
    await fixture.whenStable();

    expect(rows()).toHaveLength(0);
    expect(page.textContent).toContain('No users match “zzz”');

    findButton(page, 'Clear filter').click();
    await fixture.whenStable();
    expect(rows()).toHaveLength(2);
  });

  it('shows the failure with a retry that loads again', async () => {
    await respond(apiError(500, 'Internal server error'), 500);

    expect(page.querySelector('app-error-state')?.textContent).toContain('Internal server error');
    find<HTMLButtonElement>(page, 'app-error-state button').click();
    await fixture.whenStable();

    await respond([admin]);
    expect(rows()).toHaveLength(1);
  });

  it('deactivates a user only after confirmation', async () => {
    await respond([admin, jane]);
    find<HTMLButtonElement>(row('jane@example.com'), 'button').click();
    await settle();

    const dialog = find(document, 'mat-dialog-container');
    expect(dialog.textContent).toContain('Deactivate Jane Doe?');
    findButton(dialog, 'Deactivate').click();
    await settle();

    const request = backend.expectOne('/api/users/u-jane');
    expect(request.request.body).toEqual({ active: false });
    request.flush({ ...jane, active: false });
    await settle();

    expect(row('jane@example.com').textContent).toContain('Inactive');
  });

  it('sends nothing when the confirmation is cancelled', async () => {
    await respond([admin, jane]);
    find<HTMLButtonElement>(row('jane@example.com'), 'button').click();
    await settle();

    const dialog = find(document, 'mat-dialog-container');
    findButton(dialog, 'Cancel').click();
    await settle();

    backend.expectNone('/api/users/u-jane');
    expect(row('jane@example.com').textContent).toContain('Active');
  });

  it("resets another user's second factor with a reason, and offers it only where one is set up", async () => {
    const withTwoFactor = { ...jane, twoFactorEnabled: true };
    await respond([admin, withTwoFactor, old]);
    expect(row('old@example.com').textContent).not.toContain('Reset second factor');
    expect(row('jane@example.com').querySelector('[data-testid="two-factor-on"]')).not.toBeNull();

    findButton(row('jane@example.com'), 'Reset second factor').click();
    await settle();
    const dialog = find(document, 'mat-dialog-container');
    expect(dialog.textContent).toContain("Reset Jane Doe's second factor?");
    const reason = find<HTMLTextAreaElement>(dialog, 'textarea');
    reason.value = 'Lost phone; identity checked by video call';
    reason.dispatchEvent(new Event('input'));
    findButton(dialog, 'Reset second factor').click();
    await settle();

    const request = backend.expectOne('/api/users/u-jane/2fa/reset');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ reason: 'Lost phone; identity checked by video call' });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle();

    expect(row('jane@example.com').querySelector('[data-testid="two-factor-on"]')).toBeNull();
    expect(row('jane@example.com').textContent).not.toContain('Reset second factor');
  });
});
