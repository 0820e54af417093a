import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { apiError, loginResponse } from '../../testing/fixtures';
import { SignInPage } from './sign-in-page';

@Component({ template: 'landed' })
class Landing {}

describe('SignInPage single sign-on', () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: SignInPage },
          { path: 'calls', component: Landing },
          { path: '', component: Landing },
        ]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => backend.verify());

  async function open(url: string, status = { enabled: true, providerName: 'Okta' }): Promise<HTMLElement> {
    await harness.navigateByUrl(url);
    backend.expectOne('/api/auth/oidc').flush(status);
    await harness.fixture.whenStable();
    return harness.routeNativeElement as HTMLElement;
  }

  const ssoButton = (page: HTMLElement) => page.querySelector<HTMLAnchorElement>('[data-testid="sso-button"]');
  const ssoError = (page: HTMLElement) => page.querySelector('[data-testid="sso-error"]')?.textContent?.trim() ?? null;

  it('offers "Sign in with <provider>" as a plain link to the API, carrying the return address', async () => {
    const page = await open('/sign-in?returnUrl=%2Fcalls');

    const button = ssoButton(page);
    expect(button?.textContent).toContain('Sign in with Okta');
    expect(button?.getAttribute('href')).toBe('/api/auth/oidc/start?returnUrl=%2Fcalls');
    // The password form stays, for break-glass accounts.
    expect(page.querySelector('input[type="password"]')).not.toBeNull();
  });

  it('offers no button when single sign-on is off or the API cannot say', async () => {
    expect(ssoButton(await open('/sign-in', { enabled: false, providerName: '' }))).toBeNull();
  });

  it('does not send a foreign return address on to the provider', async () => {
    const page = await open('/sign-in?returnUrl=%2F%2Fevil.example');
    expect(ssoButton(page)?.getAttribute('href')).toBe('/api/auth/oidc/start');
  });

  it('says clearly that an account without a role at the provider has no access', async () => {
    const page = await open('/sign-in?error=sso_no_role');

    expect(ssoError(page)).toBe(
      'Your account at Okta has no role for this application. Ask your administrator to add you to one of its groups, then sign in again.',
    );
    expect(page.querySelector('[role="alert"]')).not.toBeNull();
  });

  it('words the other refusals too', async () => {
    expect(ssoError(await open('/sign-in?error=sso_deactivated'))).toBe(
      'Your account here is deactivated. Ask an administrator to reactivate it.',
    );
  });

  it('exchanges the one-time code for a session and opens the return address', async () => {
    await harness.navigateByUrl('/sign-in?sso=abcdefghijklmnopqrstuvwxyz012345&returnUrl=%2Fcalls');
    backend.expectOne('/api/auth/oidc').flush({ enabled: true, providerName: 'Okta' });
    const request = backend.expectOne('/api/auth/oidc/complete');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ code: 'abcdefghijklmnopqrstuvwxyz012345' });
    expect((harness.routeNativeElement as HTMLElement).textContent).toContain('Signing you in');

    request.flush(loginResponse('COMPLIANCE'));
    await harness.fixture.whenStable();

    expect(TestBed.inject(AuthSessionStore).role()).toBe('COMPLIANCE');
    expect(TestBed.inject(Router).url).toBe('/calls');
  });

  it('shows why a spent code did not work, and forgets it', async () => {
    await harness.navigateByUrl('/sign-in?sso=abcdefghijklmnopqrstuvwxyz012345');
    backend.expectOne('/api/auth/oidc').flush({ enabled: true, providerName: 'Okta' });
    backend
      .expectOne('/api/auth/oidc/complete')
      .flush(apiError(401, 'This sign-in has expired or was already used; sign in again', 'Unauthorized'), {
        status: 401,
        statusText: 'Unauthorized',
      });
    await harness.fixture.whenStable();

    const page = harness.routeNativeElement as HTMLElement;
    expect(ssoError(page)).toBe('This sign-in has expired or was already used; sign in again');
    expect(TestBed.inject(AuthSessionStore).isSignedIn()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(ssoButton(page)).not.toBeNull();
  });
});
