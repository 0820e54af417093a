import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { LoginResponse, OidcStatus } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

/** Single sign-on (OpenID Connect): whether it is offered, and collecting the session it opened. */
@Injectable({ providedIn: 'root' })
export class OidcApiService {
  private readonly http = inject(HttpClient);

  public status(): Observable<OidcStatus> {
    return this.http.get<OidcStatus>('/api/auth/oidc', { context: inlineErrors() });
  }

  /** Exchanges the one-time code of `/sign-in?sso=…` for the session's token (once, within a minute). */
  public complete(code: string): Observable<LoginResponse> {
    return this.http.post<LoginResponse>('/api/auth/oidc/complete', { code }, { context: inlineErrors() });
  }

  /** A full-page navigation target, not an XHR: the browser must go to the provider itself. */
  public startUrl(returnUrl: string): string {
    return returnUrl && returnUrl !== '/' ? `/api/auth/oidc/start?returnUrl=${encodeURIComponent(returnUrl)}` : '/api/auth/oidc/start';
  }
}
