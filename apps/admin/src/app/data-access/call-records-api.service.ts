import { HttpClient, HttpErrorResponse, HttpResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { AttachCallRecordRequest, CallRecordDto, CallRecordPage, CallRecordQuery } from '@callrec/contracts';
import { catchError, from, map, Observable, switchMap, throwError } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';
import { strictParams } from '../core/http/query-params';

/** Calls with their recordings. Pages show failures in place, so the notifier stays quiet. */
@Injectable({ providedIn: 'root' })
export class CallRecordsApiService {
  private readonly http = inject(HttpClient);

  public search(query: CallRecordQuery): Observable<CallRecordPage> {
    return this.http.get<CallRecordPage>('/api/call-records', {
      params: strictParams(query),
      context: inlineErrors(),
    });
  }

  public get(id: string): Observable<CallRecordDto> {
    return this.http.get<CallRecordDto>(`/api/call-records/${encodeURIComponent(id)}`, {
      context: inlineErrors(),
    });
  }

  /** ADMIN: attaches a call (an orphan, usually) to an agent and a data list; audited with the reason. */
  public attach(id: string, request: AttachCallRecordRequest): Observable<CallRecordDto> {
    return this.http.patch<CallRecordDto>(`/api/call-records/${encodeURIComponent(id)}`, request, {
      context: inlineErrors(),
    });
  }

  /**
   * The grid's calls for these filters as one CSV file, every page of them. A plain link cannot
   * carry the bearer token, so the file comes as a blob through HttpClient, named as the API says.
   */
  public exportCsv(query: CallRecordExportQuery): Observable<CsvFile> {
    return this.http
      .get('/api/call-records/export.csv', {
        params: strictParams(query),
        responseType: 'blob',
        observe: 'response',
        context: inlineErrors(),
      })
      .pipe(
        map((response: HttpResponse<Blob>) => ({
          blob: response.body ?? new Blob([], { type: 'text/csv' }),
          filename: attachmentName(response.headers.get('Content-Disposition')) ?? 'call-records.csv',
        })),
        catchError((error: unknown) => from(withJsonError(error)).pipe(switchMap((readable) => throwError(() => readable)))),
      );
  }
}

/** The grid's filters and order, without paging: the export has every matching call. */
export type CallRecordExportQuery = Omit<CallRecordQuery, 'page' | 'pageSize'>;

export interface CsvFile {
  readonly blob: Blob;
  readonly filename: string;
}

/** `attachment; filename="call-records-2026-12-02.csv"` → the name. */
export function attachmentName(disposition: string | null): string | null {
  const match = disposition ? /filename="([^"]+)"/.exec(disposition) : null;
  return match ? match[1] : null;
}

/** A refusal asked for as a blob arrives as one: read it, so the API's own message can be shown. */
export async function withJsonError(error: unknown): Promise<unknown> {
  if (!(error instanceof HttpErrorResponse) || !(error.error instanceof Blob)) {
    return error;
  }
  try {
    const body: unknown = JSON.parse(await blobText(error.error));
    return new HttpErrorResponse({
      error: body,
      headers: error.headers,
      status: error.status,
      statusText: error.statusText,
      url: error.url ?? undefined,
    });
  } catch {
    return error;
  }
}

/** Blob.text(), with FileReader where it is missing (older engines, jsdom). */
function blobText(blob: Blob): Promise<string> {
  if (typeof blob.text === 'function') {
    return blob.text();
  }
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the answer'));
    reader.readAsText(blob);
  });
}
