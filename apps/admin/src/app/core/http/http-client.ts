import {
  HttpBackend,
  HttpFeature,
  HttpFeatureKind,
  HttpXhrBackend,
  provideHttpClient,
  withFetch,
  withInterceptors,
} from '@angular/common/http';
import { EnvironmentProviders, makeEnvironmentProviders } from '@angular/core';
import { authInterceptor } from '../auth/auth.interceptor';
import { errorInterceptor } from './error.interceptor';

/** The interceptors every request passes through, whichever backend sends it. */
function appInterceptors(): HttpFeature<HttpFeatureKind.Interceptors> {
  return withInterceptors([authInterceptor, errorInterceptor]);
}

/** The app's HttpClient: fetch, with the session's token and unhandled errors shown. */
export function provideAppHttpClient(): EnvironmentProviders {
  return provideHttpClient(withFetch(), appInterceptors());
}

/**
 * An HttpClient on XMLHttpRequest for a route that uploads files: fetch cannot report how
 * much of a request body has been sent, so with it a file's upload would show no progress.
 * Provided in the route's `providers`, beside the API service that uploads, so only that
 * service's requests take this path; the interceptors are the same.
 */
export function provideUploadHttpClient(): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideHttpClient(appInterceptors()),
    // Without this the child client would pick up the root's fetch backend (withFetch).
    { provide: HttpBackend, useExisting: HttpXhrBackend },
  ]);
}
