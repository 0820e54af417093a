import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { ApiKeyDto, CreateApiKeyRequest, CreatedApiKey } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

/** API keys for dialers and CRMs (ADMIN). The key itself comes once, in `create`'s answer. */
@Injectable({ providedIn: 'root' })
export class ApiKeysApiService {
  private readonly http = inject(HttpClient);

  public list(): Observable<ApiKeyDto[]> {
    return this.http.get<ApiKeyDto[]>('/api/api-keys', { context: inlineErrors() });
  }

  public create(request: CreateApiKeyRequest): Observable<CreatedApiKey> {
    return this.http.post<CreatedApiKey>('/api/api-keys', request, { context: inlineErrors() });
  }

  /** The key stops working at once; its row stays, marked revoked. */
  public revoke(id: string): Observable<void> {
    return this.http.delete<void>(`/api/api-keys/${encodeURIComponent(id)}`, { context: inlineErrors() });
  }
}
