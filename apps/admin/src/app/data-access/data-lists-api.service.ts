import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CreateDataListRequest, DataListDto, IdName, UpdateDataListRequest } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

/**
 * Dialler data lists; a call without one is a Manual Dial. `list()` is every role's choice of
 * lists (filters, forms); the rest serve the Data lists page and leave error display to it.
 */
@Injectable({ providedIn: 'root' })
export class DataListsApiService {
  private readonly http = inject(HttpClient);

  public list(): Observable<IdName[]> {
    return this.http.get<IdName[]>('/api/data-lists');
  }

  /** Every list with its contact count (ADMIN, COMPLIANCE, SUPERVISOR). */
  public summary(): Observable<DataListDto[]> {
    return this.http.get<DataListDto[]>('/api/data-lists/summary', { context: inlineErrors() });
  }

  public get(id: string): Observable<DataListDto> {
    return this.http.get<DataListDto>(dataList(id), { context: inlineErrors() });
  }

  /** 409 when the name or external id is taken; the message says which. */
  public create(request: CreateDataListRequest): Observable<DataListDto> {
    return this.http.post<DataListDto>('/api/data-lists', request, { context: inlineErrors() });
  }

  public update(id: string, request: UpdateDataListRequest): Observable<DataListDto> {
    return this.http.patch<DataListDto>(dataList(id), request, { context: inlineErrors() });
  }
}

export function dataList(id: string): string {
  return `/api/data-lists/${encodeURIComponent(id)}`;
}
