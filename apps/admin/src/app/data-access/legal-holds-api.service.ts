import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { LegalHoldCriteria, LegalHoldDto, LegalHoldRequest } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';
import { strictParams } from '../core/http/query-params';

/** Legal holds (COMPLIANCE or ADMIN): what they cover now, placing and releasing them. */
@Injectable({ providedIn: 'root' })
export class LegalHoldsApiService {
  private readonly http = inject(HttpClient);

  public list(includeReleased: boolean): Observable<LegalHoldDto[]> {
    return this.http.get<LegalHoldDto[]>('/api/legal-holds', {
      params: strictParams({ includeReleased }),
      context: inlineErrors(),
    });
  }

  /** How many recordings the criteria would cover; 400 when no criterion is set. */
  public preview(criteria: LegalHoldCriteria): Observable<{ covered: number }> {
    return this.http.post<{ covered: number }>('/api/legal-holds/preview', { criteria }, { context: inlineErrors() });
  }

  public create(request: LegalHoldRequest): Observable<LegalHoldDto> {
    return this.http.post<LegalHoldDto>('/api/legal-holds', request, { context: inlineErrors() });
  }

  public release(id: string, reason: string): Observable<LegalHoldDto> {
    return this.http.post<LegalHoldDto>(
      `/api/legal-holds/${encodeURIComponent(id)}/release`,
      { reason },
      {
        context: inlineErrors(),
      },
    );
  }
}
