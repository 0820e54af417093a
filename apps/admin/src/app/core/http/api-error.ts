import { HttpContext, HttpContextToken, HttpErrorResponse } from '@angular/common/http';
import { ApiError } from '@callrec/contracts';

/**
 * Marks a request whose caller shows failures next to the thing that failed (a form, a
 * dialog), so the global notifier stays quiet instead of saying it twice.
 */
export const SHOWS_ERRORS_INLINE = new HttpContextToken<boolean>(() => false);

export function inlineErrors(): HttpContext {
  return new HttpContext().set(SHOWS_ERRORS_INLINE, true);
}

export const UNREACHABLE_MESSAGE = 'Cannot reach the server. Check your connection and try again.';

/** The sentence to show a person for a failed request; the API's own message when it sent one. */
export function apiErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return UNREACHABLE_MESSAGE;
    }
    if (isApiError(error.error)) {
      return error.error.message;
    }
    return `The server answered ${error.status}${error.statusText ? ` ${error.statusText}` : ''}. Try again in a moment.`;
  }
  return error instanceof Error ? error.message : 'Something went wrong. Try again in a moment.';
}

export function isApiError(body: unknown): body is ApiError {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ApiError).message === 'string' &&
    typeof (body as ApiError).statusCode === 'number'
  );
}

export function httpStatusOf(error: unknown): number | null {
  return error instanceof HttpErrorResponse ? error.status : null;
}
