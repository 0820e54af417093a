import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { loginResponse } from '../../testing/fixtures';
import { AuthSessionStore } from './auth-session.store';
import { roleGuard, signedInGuard, signedOutGuard } from './auth.guards';

@Component({ template: 'page' })
class Page {}

describe('route guards', () => {
  let harness: RouterTestingHarness;
  let session: AuthSessionStore;

  beforeEach(async () => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'sign-in', canActivate: [signedOutGuard], component: Page },
          {
            path: '',
            canActivateChild: [signedInGuard],
            children: [
              { path: '', component: Page },
              { path: 'users', canActivate: [roleGuard('ADMIN')], component: Page },
              { path: 'holds', canActivate: [roleGuard('ADMIN', 'COMPLIANCE')], component: Page },
            ],
          },
        ]),
      ],
    });
    session = TestBed.inject(AuthSessionStore);
    harness = await RouterTestingHarness.create();
  });

  const url = () => TestBed.inject(Router).url;

  describe('roleGuard', () => {
    it('lets a permitted role through', async () => {
      session.start(loginResponse('ADMIN'));
      await harness.navigateByUrl('/users');
      expect(url()).toBe('/users');
    });

    it('accepts any of several roles', async () => {
      session.start(loginResponse('COMPLIANCE'));
      await harness.navigateByUrl('/holds');
      expect(url()).toBe('/holds');
    });

    it('sends another role to the overview', async () => {
      session.start(loginResponse('SUPERVISOR'));
      await harness.navigateByUrl('/users');
      expect(url()).toBe('/');
    });

    it('sends a signed-out visitor to sign in, remembering the page', async () => {
      await harness.navigateByUrl('/users');
      expect(url()).toBe('/sign-in?returnUrl=%2Fusers');
    });
  });

  describe('signedInGuard', () => {
    it('drops an expired session and asks for a sign-in', async () => {
      session.start(loginResponse('ADMIN', 60), Date.now() - 120_000);
      await harness.navigateByUrl('/');
      expect(url()).toBe('/sign-in');
      expect(session.user()).toBeNull();
    });
  });

  describe('signedOutGuard', () => {
    it('keeps a signed-in user away from the sign-in form', async () => {
      session.start(loginResponse('AGENT'));
      await harness.navigateByUrl('/sign-in');
      expect(url()).toBe('/');
    });
  });
});
