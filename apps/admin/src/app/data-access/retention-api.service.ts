import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { RetentionPolicyDto, RetentionPolicyRequest, RetentionPreview, RetentionRunDto } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

/** Retention policies, the sweep's dry run and its history (ADMIN; preview and runs also COMPLIANCE). */
@Injectable({ providedIn: 'root' })
export class RetentionApiService {
  private readonly http = inject(HttpClient);

  public policies(): Observable<RetentionPolicyDto[]> {
    return this.http.get<RetentionPolicyDto[]>('/api/retention-policies', { context: inlineErrors() });
  }

  public createPolicy(request: RetentionPolicyRequest): Observable<RetentionPolicyDto> {
    return this.http.post<RetentionPolicyDto>('/api/retention-policies', request, { context: inlineErrors() });
  }

  /** A scope sent here replaces the old one entirely; fields left out of it are cleared. */
  public updatePolicy(id: string, request: Partial<RetentionPolicyRequest>): Observable<RetentionPolicyDto> {
    return this.http.patch<RetentionPolicyDto>(policy(id), request, { context: inlineErrors() });
  }

  public deletePolicy(id: string): Observable<void> {
    return this.http.delete<void>(policy(id), { context: inlineErrors() });
  }

  public preview(): Observable<RetentionPreview> {
    return this.http.get<RetentionPreview>('/api/retention/preview', { context: inlineErrors() });
  }

  /** Answers 202 once the sweep is queued; its result shows up in `runs()` when it is done. */
  public run(): Observable<{ enqueued: true; jobId: string }> {
    return this.http.post<{ enqueued: true; jobId: string }>('/api/retention/run', null, { context: inlineErrors() });
  }

  /** Newest first. */
  public runs(): Observable<RetentionRunDto[]> {
    return this.http.get<RetentionRunDto[]>('/api/retention/runs', { context: inlineErrors() });
  }
}

function policy(id: string): string {
  return `/api/retention-policies/${encodeURIComponent(id)}`;
}
