import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { AuditAction, AuditEventDto, AuditVerifyResult, Page } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';
import { strictParams } from '../core/http/query-params';

/** The names `GET /api/audit-events` filters by; dates are ISO instants. */
export interface AuditQuery {
  action?: AuditAction;
  actorId?: string;
  recordingId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

/** The audit trail (COMPLIANCE or ADMIN), newest first, and the check of its hash chain. */
@Injectable({ providedIn: 'root' })
export class AuditApiService {
  private readonly http = inject(HttpClient);

  public search(query: AuditQuery): Observable<Page<AuditEventDto>> {
    return this.http.get<Page<AuditEventDto>>('/api/audit-events', {
      params: strictParams(query),
      context: inlineErrors(),
    });
  }

  /** Recomputes the whole chain on the server, so it is asked for once per visit, not per page. */
  public verify(): Observable<AuditVerifyResult> {
    return this.http.get<AuditVerifyResult>('/api/audit-events/verify', { context: inlineErrors() });
  }
}
