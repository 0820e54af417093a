import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { AuthUser, LoginRequest, LoginResponse } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

@Injectable({ providedIn: 'root' })
export class AuthApiService {
  private readonly http = inject(HttpClient);

  /** The sign-in form shows wrong-password and throttling messages itself. */
  public login(request: LoginRequest): Observable<LoginResponse> {
    return this.http.post<LoginResponse>('/api/auth/login', request, {
      context: inlineErrors(),
    });
  }

  /** Ends this session on the server; the caller forgets the token whatever the answer. */
  public logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', null, { context: inlineErrors() });
  }

  public me(): Observable<AuthUser> {
    return this.http.get<AuthUser>('/api/auth/me');
  }
}
