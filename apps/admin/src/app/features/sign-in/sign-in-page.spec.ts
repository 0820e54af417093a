import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { apiError, loginResponse } from '../../testing/fixtures';
import { SignInPage } from './sign-in-page';
import { find } from '../../testing/dom';

@Component({ template: 'landed' })
class Landing {}

describe('SignInPage', () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let page: HTMLElement;

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: SignInPage },
          { path: 'users', component: Landing },
          { path: '', component: Landing },
        ]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/sign-in?returnUrl=%2Fusers');
    // Single sign-on has its own spec (sso-sign-in.spec.ts); here the API offers none.
    backend.expectOne('/api/auth/oidc').flush({ enabled: false, providerName: '' });
    await harness.fixture.whenStable();
    page = harness.routeNativeElement as HTMLElement;
  });

  afterEach(() => backend.verify());

  function type(selector: string, value: string): void {
    const input = find<HTMLInputElement>(page, selector);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  async function submit(): Promise<void> {
    find<HTMLButtonElement>(page, 'button[type="submit"]').click();
    await harness.fixture.whenStable();
  }

  const text = () => page.textContent ?? '';
  const inlineError = () => page.querySelector('[data-testid="sign-in-error"]')?.textContent?.trim() ?? null;

  it('names the product and asks for email and password', () => {
    expect(text()).toContain('Call Recordings');
    expect(page.querySelector('input[type="email"][autocomplete="username"]')).not.toBeNull();
    expect(page.querySelector('input[type="password"][autocomplete="current-password"]')).not.toBeNull();
  });

  it('explains what is missing and sends nothing for an empty form', async () => {
    await submit();

    expect(text()).toContain('Enter your email address');
    expect(text()).toContain('Enter your password');
    backend.expectNone('/api/auth/login');
  });

  it('rejects an email address that is not one', async () => {
    type('input[formControlName="email"]', 'jane.example.com');
    type('input[formControlName="password"]', 'whatever');
    await submit();

    expect(text()).toContain('Enter an email address such as jane@example.com');
    backend.expectNone('/api/auth/login');
  });

  it("shows the API's message for a wrong password and stays on the page", async () => {
    type('input[formControlName="email"]', ' jane@example.com ');
    type('input[formControlName="password"]', 'wrong password');
    await submit();

    const request = backend.expectOne('/api/auth/login');
    expect(request.request.body).toEqual({ email: 'jane@example.com', password: 'wrong password' });
    expect(find<HTMLButtonElement>(page, 'button[type="submit"]').disabled).toBe(true);
    expect(text()).toContain('Signing in');

    request.flush(apiError(401, 'Email or password is incorrect', 'Unauthorized'), {
      status: 401,
      statusText: 'Unauthorized',
    });
    await harness.fixture.whenStable();

    expect(inlineError()).toBe('Email or password is incorrect');
    expect(page.querySelector('[role="alert"]')).not.toBeNull();
    expect(find<HTMLButtonElement>(page, 'button[type="submit"]').disabled).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/sign-in?returnUrl=%2Fusers');
  });

  it('shows the throttling message as the API words it', async () => {
    type('input[formControlName="email"]', 'jane@example.com');
    type('input[formControlName="password"]', 'guess');
    await submit();

    backend
      .expectOne('/api/auth/login')
      .flush(apiError(429, 'Too many failed sign-in attempts; try again in 15 minutes', 'Too Many Requests'), {
        status: 429,
        statusText: 'Too Many Requests',
      });
    await harness.fixture.whenStable();

    expect(inlineError()).toBe('Too many failed sign-in attempts; try again in 15 minutes');
  });

  it('starts the session and goes to the return address', async () => {
    type('input[formControlName="email"]', 'admin@example.com');
    type('input[formControlName="password"]', 'correct horse battery');
    await submit();

    backend.expectOne('/api/auth/login').flush(loginResponse('ADMIN'));
    await harness.fixture.whenStable();

    expect(TestBed.inject(AuthSessionStore).isSignedIn()).toBe(true);
    expect(TestBed.inject(Router).url).toBe('/users');
  });

  it('shows and hides the password on request', async () => {
    const toggle = find<HTMLButtonElement>(page, 'button[aria-label="Show password"]');
    toggle.click();
    await harness.fixture.whenStable();

    expect(find(page, 'input[formControlName="password"]').getAttribute('type')).toBe('text');
    expect(toggle.getAttribute('aria-label')).toBe('Hide password');
  });
});
