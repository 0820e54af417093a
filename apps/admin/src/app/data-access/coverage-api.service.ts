import { HttpClient, HttpResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CoverageMissingPage, CoverageMissingQuery, CoverageQuery, CoverageReport } from '@callrec/contracts';
import { catchError, from, map, Observable, switchMap, throwError } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';
import { strictParams } from '../core/http/query-params';
import { attachmentName, CsvFile, withJsonError } from './call-records-api.service';

/**
 * Coverage (design 9.7): how many answered calls were recorded, and the calls that were not.
 * ADMIN, COMPLIANCE and SUPERVISOR; the pages show failures in place.
 */
@Injectable({ providedIn: 'root' })
export class CoverageApiService {
  private readonly http = inject(HttpClient);

  public report(query: CoverageQuery): Observable<CoverageReport> {
    return this.http.get<CoverageReport>('/api/coverage', { params: strictParams(query), context: inlineErrors() });
  }

  public missing(query: CoverageMissingQuery): Observable<CoverageMissingPage> {
    return this.http.get<CoverageMissingPage>('/api/coverage/missing', { params: strictParams(query), context: inlineErrors() });
  }

  /** The report as CSV, through HttpClient because a plain link cannot carry the bearer token. */
  public reportCsv(query: CoverageQuery): Observable<CsvFile> {
    return this.csv('/api/coverage.csv', query, 'coverage.csv');
  }

  /** Every missing call the query selects, without paging. */
  public missingCsv(query: Omit<CoverageMissingQuery, 'page' | 'pageSize'>): Observable<CsvFile> {
    return this.csv('/api/coverage/missing.csv', query, 'coverage-missing.csv');
  }

  private csv(url: string, query: object, fallbackName: string): Observable<CsvFile> {
    return this.http.get(url, { params: strictParams(query), responseType: 'blob', observe: 'response', context: inlineErrors() }).pipe(
      map((response: HttpResponse<Blob>) => ({
        blob: response.body ?? new Blob([], { type: 'text/csv' }),
        filename: attachmentName(response.headers.get('Content-Disposition')) ?? fallbackName,
      })),
      catchError((error: unknown) => from(withJsonError(error)).pipe(switchMap((readable) => throwError(() => readable)))),
    );
  }
}
