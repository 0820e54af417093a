import { catchError, map, Observable, of, OperatorFunction } from 'rxjs';
import { apiErrorMessage, httpStatusOf } from '../http/api-error';

/**
 * What a page holds for data it asked the API for: nothing yet (a skeleton), the data, or the
 * sentence that says why it failed. Every page store keeps its requests in this one shape, so
 * templates switch on `kind` the same way everywhere.
 */
export type Loadable<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: T }
  | {
      readonly kind: 'error';
      readonly message: string;
      /** The HTTP status when the API answered one, so a page can tell "not found" from "failed". */
      readonly status?: number;
    };

export type LoadStatus = Loadable<unknown>['kind'];

export const LOADING: Loadable<never> = { kind: 'loading' };

export function loaded<T>(value: T): Loadable<T> {
  return { kind: 'ready', value };
}

/** The failure as a person reads it: the API's own message when it sent one. */
export function loadFailed(error: unknown): Loadable<never> {
  const status = httpStatusOf(error);
  return status === null ? { kind: 'error', message: apiErrorMessage(error) } : { kind: 'error', message: apiErrorMessage(error), status };
}

/**
 * A request's answer as a `Loadable`: its value, or its error turned into a message. The
 * result never errors, so a `switchMap` over it keeps listening after a failure.
 */
export function toLoadable<T>(): OperatorFunction<T, Loadable<T>> {
  return (source: Observable<T>) =>
    source.pipe(
      map((value) => loaded(value)),
      catchError((error: unknown) => of(loadFailed(error))),
    );
}

/** The value once loaded; null while loading or after a failure. */
export function loadedValue<T>(load: Loadable<T>): T | null {
  return load.kind === 'ready' ? load.value : null;
}

/** The failure's message; empty unless the load failed. */
export function loadError(load: Loadable<unknown>): string {
  return load.kind === 'error' ? load.message : '';
}

/** Changes a loaded value in place (a row saved, a row removed); a load in flight or failed stays as it is. */
export function patchLoaded<T>(load: Loadable<T>, change: (value: T) => T): Loadable<T> {
  return load.kind === 'ready' ? loaded(change(load.value)) : load;
}
