import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CreateUserRequest, ResetTwoFactorRequest, UpdateUserRequest, UserDto } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

/** Every method leaves error display to the caller, which knows which row or form failed. */
@Injectable({ providedIn: 'root' })
export class UsersApiService {
  private readonly http = inject(HttpClient);

  public list(): Observable<UserDto[]> {
    return this.http.get<UserDto[]>('/api/users', { context: inlineErrors() });
  }

  public create(request: CreateUserRequest): Observable<UserDto> {
    return this.http.post<UserDto>('/api/users', request, { context: inlineErrors() });
  }

  public update(id: string, request: UpdateUserRequest): Observable<UserDto> {
    return this.http.patch<UserDto>(`/api/users/${encodeURIComponent(id)}`, request, {
      context: inlineErrors(),
    });
  }

  /** ADMIN: removes the user's second factor (a lost authenticator) and ends their sessions. */
  public resetTwoFactor(id: string, reason: string): Observable<void> {
    return this.http.post<void>(`/api/users/${encodeURIComponent(id)}/2fa/reset`, { reason } satisfies ResetTwoFactorRequest, {
      context: inlineErrors(),
    });
  }
}
