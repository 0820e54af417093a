import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { LoginRequest, LoginResponse, LoginResult, MeResponse, TwoFactorEnableResponse, TwoFactorSetupResponse } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

@Injectable({ providedIn: 'root' })
export class AuthApiService {
  private readonly http = inject(HttpClient);

  /** The sign-in form shows wrong-password and throttling messages itself. */
  public login(request: LoginRequest): Observable<LoginResult> {
    return this.http.post<LoginResult>('/api/auth/login', request, {
      context: inlineErrors(),
    });
  }

  /** The sign-in's second step: the authenticator's code or a recovery code. */
  public verifyTwoFactor(mfaToken: string, code: string): Observable<LoginResponse> {
    return this.http.post<LoginResponse>('/api/auth/2fa/verify', { mfaToken, code }, { context: inlineErrors() });
  }

  /** A new secret to scan; signed in, or with the mfaToken of a sign-in that must enrol. */
  public setupTwoFactor(mfaToken?: string): Observable<TwoFactorSetupResponse> {
    return this.http.post<TwoFactorSetupResponse>('/api/auth/2fa/setup', mfaToken ? { mfaToken } : {}, { context: inlineErrors() });
  }

  /** Turns the scanned secret on; with an mfaToken the answer also carries the session. */
  public enableTwoFactor(code: string, mfaToken?: string): Observable<TwoFactorEnableResponse> {
    return this.http.post<TwoFactorEnableResponse>('/api/auth/2fa/enable', mfaToken ? { code, mfaToken } : { code }, {
      context: inlineErrors(),
    });
  }

  public disableTwoFactor(code: string): Observable<void> {
    return this.http.delete<void>('/api/auth/2fa', { body: { code }, context: inlineErrors() });
  }

  /** Ends this session on the server; the caller forgets the token whatever the answer. */
  public logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', null, { context: inlineErrors() });
  }

  public me(): Observable<MeResponse> {
    return this.http.get<MeResponse>('/api/auth/me');
  }
}
