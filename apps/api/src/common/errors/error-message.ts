/*
 * A `catch` binds `unknown`: usually an Error, but a library may throw a string or a plain
 * object. These read one without a cast, so a non-Error is reported as text rather than as
 * `undefined`. An object that carries a string `message` counts as an Error: errors made in
 * another realm (a Jest sandbox, a worker) fail `instanceof Error` but are Errors all the same.
 */

function isErrorLike(error: unknown): error is Error {
  return (
    error instanceof Error || (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string')
  );
}

/** The message of whatever was thrown: an Error's own message, anything else as text. */
export function errorMessage(error: unknown): string {
  if (isErrorLike(error)) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** Whatever was thrown, as an Error: an Error as it is, anything else wrapped with errorMessage's text. */
export function asError(error: unknown): Error {
  return isErrorLike(error) ? error : new Error(errorMessage(error));
}
