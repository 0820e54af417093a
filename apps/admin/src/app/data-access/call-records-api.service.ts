import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CallRecordDto, CallRecordQuery, Page } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';
import { strictParams } from '../core/http/query-params';

/** Calls with their recordings. Pages show failures in place, so the notifier stays quiet. */
@Injectable({ providedIn: 'root' })
export class CallRecordsApiService {
  private readonly http = inject(HttpClient);

  public search(query: CallRecordQuery): Observable<Page<CallRecordDto>> {
    return this.http.get<Page<CallRecordDto>>('/api/call-records', {
      params: strictParams(query),
      context: inlineErrors(),
    });
  }

  public get(id: string): Observable<CallRecordDto> {
    return this.http.get<CallRecordDto>(`/api/call-records/${encodeURIComponent(id)}`, {
      context: inlineErrors(),
    });
  }
}
