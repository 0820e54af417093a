import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { Notifier } from '../notifications/notifier';
import { apiErrorMessage, SHOWS_ERRORS_INLINE } from './api-error';

/**
 * Shows the API's message for any failed request nobody handles in place. 401 is left to
 * the auth interceptor, which ends the session and says so itself.
 */
export const errorInterceptor: HttpInterceptorFn = (request, next) => {
  const notifier = inject(Notifier);
  return next(request).pipe(
    catchError((error: unknown) => {
      const handledElsewhere = request.context.get(SHOWS_ERRORS_INLINE) || (error instanceof HttpErrorResponse && error.status === 401);
      if (!handledElsewhere) {
        notifier.error(apiErrorMessage(error));
      }
      return throwError(() => error);
    }),
  );
};
