import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { Notifier } from '../notifications/notifier';
import { AuthSessionStore } from './auth-session.store';
import { SIGN_IN_PATH, signInUrlTree } from './sign-in-url';

const API_PREFIX = '/api/';
const LOGIN_URL = '/api/auth/login';
/** Signing out handles its own answer: a session that had already ended is no news. */
const LOGOUT_URL = '/api/auth/logout';
/** A wrong second-factor code answers 401 too; the form that sent it shows why (design 9.9). */
const TWO_FACTOR_PREFIX = '/api/auth/2fa';

/**
 * Attaches the bearer token to our own API calls (never to another origin), and treats any
 * 401 as the end of the session: the token expired, or the account was deactivated.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const session = inject(AuthSessionStore);
  const router = inject(Router);
  const notifier = inject(Notifier);
  const token = session.accessToken();
  const toApi = request.url.startsWith(API_PREFIX);
  const authorised = token && toApi ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

  return next(authorised).pipe(
    catchError((error: unknown) => {
      // A wrong password also answers 401; the sign-in form shows that one itself.
      const sessionEnded =
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        toApi &&
        request.url !== LOGIN_URL &&
        request.url !== LOGOUT_URL &&
        !request.url.startsWith(TWO_FACTOR_PREFIX);
      if (sessionEnded) {
        const hadSession = session.accessToken() !== null;
        session.clear();
        // Several requests can fail together; only the first one redirects.
        if (hadSession && !router.url.startsWith(SIGN_IN_PATH)) {
          notifier.info('Your session has ended. Sign in again to continue.');
          void router.navigateByUrl(signInUrlTree(router, router.url));
        }
      }
      return throwError(() => error);
    }),
  );
};
