import { HttpTestingController } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Role } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { authUser, loginResponse } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { Shell } from './shell';
import { find, findByText } from '../../testing/dom';

@Component({ template: 'content' })
class Content {}

describe('Shell', () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let session: AuthSessionStore;

  async function openAs(role: Role): Promise<HTMLElement> {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        ...provideSpecDefaults(),
        provideRouter([
          { path: 'sign-in', component: Content },
          { path: '', component: Shell, children: [{ path: '', component: Content }] },
        ]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    session = TestBed.inject(AuthSessionStore);
    session.start(loginResponse(role));
    harness = await RouterTestingHarness.create('/');
    return harness.fixture.nativeElement as HTMLElement;
  }

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  const navLabels = (root: HTMLElement) =>
    Array.from(root.querySelectorAll('[aria-label="Main"] a [matListItemTitle]')).map((title) => title.textContent?.trim());

  it('shows an admin the user, the role and every page', async () => {
    const root = await openAs('ADMIN');
    backend.expectOne('/api/auth/me').flush(authUser('ADMIN'));
    await settle();

    expect(root.querySelector('[data-testid="user-name"]')?.textContent).toBe('Admin Person');
    expect(root.querySelector('[data-testid="user-role"]')?.textContent).toBe('Admin');
    expect(navLabels(root)).toEqual([
      'Overview',
      'Call records',
      'Coverage',
      'Legal holds',
      'Exports',
      'Audit log',
      'Data lists',
      'Retention',
      'Pipeline',
      'Users',
      'Integrations',
    ]);
    expect(root.querySelector('a.skip-link')?.getAttribute('href')).toBe('#main-content');
    expect(root.querySelector('main#main-content')).not.toBeNull();
  });

  it('shows a supervisor only the pages the role may open', async () => {
    const root = await openAs('SUPERVISOR');
    backend.expectOne('/api/auth/me').flush(authUser('SUPERVISOR'));
    await settle();

    expect(navLabels(root)).toEqual(['Overview', 'Call records', 'Coverage', 'Data lists']);
  });

  it('follows a role change made by an admin since sign-in', async () => {
    const root = await openAs('COMPLIANCE');
    backend.expectOne('/api/auth/me').flush(authUser('COMPLIANCE', { role: 'ADMIN', name: 'Promoted Person' }));
    await settle();

    expect(root.querySelector('[data-testid="user-name"]')?.textContent).toBe('Promoted Person');
    expect(navLabels(root)).toEqual([
      'Overview',
      'Call records',
      'Coverage',
      'Legal holds',
      'Exports',
      'Audit log',
      'Data lists',
      'Retention',
      'Pipeline',
      'Users',
      'Integrations',
    ]);
  });

  async function clickSignOut(root: HTMLElement): Promise<void> {
    find<HTMLButtonElement>(root, '[data-testid="account-menu"]').click();
    await settle();
    findByText(document, '[mat-menu-item]', 'Sign out').click();
    await settle();
  }

  it('signs out: ends the session on the server first, then forgets it and shows the sign-in page', async () => {
    const root = await openAs('ADMIN');
    backend.expectOne('/api/auth/me').flush(authUser('ADMIN'));
    await settle();

    await clickSignOut(root);
    const logout = backend.expectOne({ method: 'POST', url: '/api/auth/logout' });
    // The token is still there while the server is told, so the request can name the session.
    expect(session.isSignedIn()).toBe(true);
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await settle();

    expect(session.isSignedIn()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/sign-in');
  });

  it('signs out locally when the server cannot be reached', async () => {
    const root = await openAs('ADMIN');
    backend.expectOne('/api/auth/me').flush(authUser('ADMIN'));
    await settle();

    await clickSignOut(root);
    backend.expectOne('/api/auth/logout').error(new ProgressEvent('error'));
    await settle();

    expect(session.isSignedIn()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/sign-in');
  });
});
