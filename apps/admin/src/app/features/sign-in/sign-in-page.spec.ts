import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { apiError, loginResponse } from '../../testing/fixtures';
import { SignInPage } from './sign-in-page';
import { find, findButton } from '../../testing/dom';

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

  async function passwordThenChallenge(challenge: Record<string, unknown>): Promise<void> {
    type('input[formControlName="email"]', 'jane@example.com');
    type('input[formControlName="password"]', 'correct horse battery');
    await submit();
    backend.expectOne('/api/auth/login').flush({ mfaRequired: true, mfaToken: 'mfa-token-1', expiresIn: 300, ...challenge });
    await harness.fixture.whenStable();
  }

  it('asks for the code when the password needs a second factor, and signs in with it', async () => {
    await passwordThenChallenge({});

    expect(text()).toContain('Enter the 6-digit code from your authenticator app for jane@example.com');
    expect(find(page, 'form[hidden]').querySelector('input[formControlName="password"]')).not.toBeNull();
    expect(TestBed.inject(AuthSessionStore).isSignedIn()).toBe(false);
    type('[data-testid="mfa-code"]', '12345');
    await submit();
    expect(text()).toContain('The code has 6 digits');
    backend.expectNone('/api/auth/2fa/verify');

    type('[data-testid="mfa-code"]', '123 456');
    await submit();
    const request = backend.expectOne('/api/auth/2fa/verify');
    expect(request.request.body).toEqual({ mfaToken: 'mfa-token-1', code: '123 456' });
    request.flush(loginResponse('SUPERVISOR'));
    await harness.fixture.whenStable();

    expect(TestBed.inject(AuthSessionStore).isSignedIn()).toBe(true);
    expect(TestBed.inject(Router).url).toBe('/users');
  });

  it("shows the API's refusal of a code, takes a recovery code instead, and goes back to the password on request", async () => {
    await passwordThenChallenge({});
    type('[data-testid="mfa-code"]', '000000');
    await submit();
    backend
      .expectOne('/api/auth/2fa/verify')
      .flush(apiError(401, 'That code is wrong or was already used; wait for the next code and try again', 'Unauthorized'), {
        status: 401,
        statusText: 'Unauthorized',
      });
    await harness.fixture.whenStable();
    expect(page.querySelector('[data-testid="mfa-error"]')?.textContent).toContain('That code is wrong or was already used');

    findButton(page, 'Use a recovery code').click();
    await harness.fixture.whenStable();
    expect(text()).toContain('Enter one of the recovery codes you saved');
    type('[data-testid="mfa-code"]', 'abcde-fghjk');
    await submit();
    expect(backend.expectOne('/api/auth/2fa/verify').request.body).toEqual({ mfaToken: 'mfa-token-1', code: 'abcde-fghjk' });

    findButton(page, 'Back to sign in').click();
    await harness.fixture.whenStable();
    expect(page.querySelector('form[hidden]')).toBeNull();
    expect(TestBed.inject(AuthSessionStore).mfaChallenge()).toBeNull();
  });

  it('walks a role that must enrol through the QR code, the first code and the recovery codes, then signs in', async () => {
    await passwordThenChallenge({ enrolmentRequired: true });
    const setup = backend.expectOne('/api/auth/2fa/setup');
    expect(setup.request.body).toEqual({ mfaToken: 'mfa-token-1' });
    setup.flush({
      otpauthUri: 'otpauth://totp/x',
      qrCodeDataUrl: 'data:image/png;base64,AAAA',
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    });
    await harness.fixture.whenStable();

    expect(text()).toContain('Your role requires a second factor');
    expect(find<HTMLImageElement>(page, 'img').src).toBe('data:image/png;base64,AAAA');
    expect(find(page, '[data-testid="totp-secret"]').textContent).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    type('[data-testid="mfa-code"]', '654321');
    await submit();
    const enable = backend.expectOne('/api/auth/2fa/enable');
    expect(enable.request.body).toEqual({ code: '654321', mfaToken: 'mfa-token-1' });
    const codes = Array.from({ length: 10 }, (_, i) => `code${i}-abcde`);
    enable.flush({ recoveryCodes: codes, session: loginResponse('COMPLIANCE') });
    await harness.fixture.whenStable();

    expect(find(page, '[data-testid="recovery-codes"]').querySelectorAll('li')).toHaveLength(10);
    expect(TestBed.inject(AuthSessionStore).isSignedIn()).toBe(false);
    const go = findButton(page, 'Continue to the app');
    expect(go.disabled).toBe(true);
    find<HTMLInputElement>(page, 'input[type="checkbox"]').click();
    await harness.fixture.whenStable();
    go.click();
    await harness.fixture.whenStable();

    expect(TestBed.inject(AuthSessionStore).role()).toBe('COMPLIANCE');
    expect(TestBed.inject(Router).url).toBe('/users');
  });
});
