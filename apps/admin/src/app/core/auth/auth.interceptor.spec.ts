import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { apiError, loginResponse } from '../../testing/fixtures';
import { settle } from '../../testing/settle';
import { AuthSessionStore } from './auth-session.store';
import { authInterceptor } from './auth.interceptor';

@Component({ template: '' })
class Blank {}

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let session: AuthSessionStore;
  let router: Router;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: Blank },
          { path: 'users', component: Blank },
        ]),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    session = TestBed.inject(AuthSessionStore);
    router = TestBed.inject(Router);
  });

  afterEach(() => backend.verify());

  it('attaches the bearer token to API requests', () => {
    session.start(loginResponse('ADMIN'));
    http.get('/api/users').subscribe();

    const request = backend.expectOne('/api/users');
    expect(request.request.headers.get('Authorization')).toBe('Bearer token-for-admin');
    request.flush([]);
  });

  it('never sends the token to another origin', () => {
    session.start(loginResponse('ADMIN'));
    http.get('https://elsewhere.example/api/users').subscribe();

    const request = backend.expectOne('https://elsewhere.example/api/users');
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush([]);
  });

  it('sends no Authorization header when signed out', () => {
    http.get('/api/health').subscribe();

    const request = backend.expectOne('/api/health');
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({});
  });

  it('ends the session on a 401 and sends the user to sign in, then back', async () => {
    session.start(loginResponse('ADMIN'));
    await router.navigateByUrl('/users');
    let failed = false;
    http.get('/api/users').subscribe({ error: () => (failed = true) });

    backend.expectOne('/api/users').flush(apiError(401, 'Token has expired; sign in again'), { status: 401, statusText: 'Unauthorized' });
    await settle();

    expect(failed).toBe(true);
    expect(session.isSignedIn()).toBe(false);
    expect(router.url).toBe('/sign-in?returnUrl=%2Fusers');
    expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent).toContain('Your session has ended');
  });

  it('leaves a wrong-password 401 to the sign-in form', async () => {
    await router.navigateByUrl('/sign-in');
    http.post('/api/auth/login', {}).subscribe({ error: () => undefined });

    backend
      .expectOne('/api/auth/login')
      .flush(apiError(401, 'Email or password is incorrect'), { status: 401, statusText: 'Unauthorized' });
    await settle();

    expect(router.url).toBe('/sign-in');
  });

  it('leaves a sign-out answered 401 (the session had already ended) to the sign-out action', async () => {
    session.start(loginResponse('ADMIN'));
    await router.navigateByUrl('/users');
    http.post('/api/auth/logout', null).subscribe({ error: () => undefined });

    backend
      .expectOne('/api/auth/logout')
      .flush(apiError(401, 'This session has ended (password changed); sign in again'), { status: 401, statusText: 'Unauthorized' });
    await settle();

    expect(router.url).toBe('/users');
    expect(document.querySelector('.mat-mdc-snack-bar-label')).toBeNull();
  });

  it('leaves a wrong second-factor code (401) to the form that sent it: no sign-out, the challenge stays', async () => {
    session.awaitSecondFactor({ mfaRequired: true, mfaToken: 'mfa-1', expiresIn: 300 }, 'jane@example.com');
    await router.navigateByUrl('/sign-in');
    http.post('/api/auth/2fa/verify', {}).subscribe({ error: () => undefined });
    backend.expectOne('/api/auth/2fa/verify').flush(apiError(401, 'That code is wrong'), { status: 401, statusText: 'Unauthorized' });
    await settle();
    expect(session.mfaChallenge()?.mfaToken).toBe('mfa-1');

    session.start(loginResponse('SUPERVISOR'));
    await router.navigateByUrl('/users');
    http.delete('/api/auth/2fa', { body: { code: '000000' } }).subscribe({ error: () => undefined });
    backend.expectOne('/api/auth/2fa').flush(apiError(401, 'That code is wrong'), { status: 401, statusText: 'Unauthorized' });
    await settle();
    expect(session.isSignedIn()).toBe(true);
    expect(router.url).toBe('/users');
  });

  it('does not treat other failures as the end of the session', async () => {
    session.start(loginResponse('SUPERVISOR'));
    await router.navigateByUrl('/users');
    http.get('/api/users').subscribe({ error: () => undefined });

    backend.expectOne('/api/users').flush(apiError(403, 'This needs the role ADMIN'), { status: 403, statusText: 'Forbidden' });
    await settle();

    expect(session.isSignedIn()).toBe(true);
    expect(router.url).toBe('/users');
  });
});
