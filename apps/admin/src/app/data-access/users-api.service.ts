import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CreateUserRequest, UpdateUserRequest, UserDto } from '@callrec/contracts';
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
}
