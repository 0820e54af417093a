import { Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { catchError, Observable, of } from 'rxjs';

/**
 * A filter's or form's choices (agents, data lists) as a signal: empty while they load and when
 * the request fails, so a select never blocks its page; the page's own data says what failed.
 * Call it in an injection context, like `toSignal`.
 */
export function optionsOf<T>(request: Observable<readonly T[]>): Signal<readonly T[]> {
  return toSignal(request.pipe(catchError(() => of([] as readonly T[]))), { initialValue: [] as readonly T[] });
}
