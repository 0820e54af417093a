import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { ExportDto, ExportListDto, ExportRequest } from '@callrec/contracts';
import { map, Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

/** Evidence exports (design 9.6, COMPLIANCE or ADMIN): request, follow, approve. The bundle itself is a link. */
@Injectable({ providedIn: 'root' })
export class ExportsApiService {
  private readonly http = inject(HttpClient);

  public list(): Observable<ExportDto[]> {
    return this.http.get<ExportListDto>('/api/exports', { context: inlineErrors() }).pipe(map((list) => list.items));
  }

  public get(id: string): Observable<ExportDto> {
    return this.http.get<ExportDto>(`/api/exports/${encodeURIComponent(id)}`, { context: inlineErrors() });
  }

  /** Answers 202 with the new export's id and status (queued, or awaiting approval); a worker builds it. */
  public create(request: ExportRequest): Observable<ExportRequested> {
    return this.http.post<ExportRequested>('/api/exports', request, { context: inlineErrors() });
  }

  /** A second COMPLIANCE or ADMIN person, never the requester (EXPORT_APPROVAL=two-person). */
  public approve(id: string): Observable<ExportDto> {
    return this.http.post<ExportDto>(`/api/exports/${encodeURIComponent(id)}/approve`, {}, { context: inlineErrors() });
  }
}

/** What `POST /api/exports` answers (design 9.6): the rest comes with the list. */
export type ExportRequested = Pick<ExportDto, 'id' | 'status'>;
