import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { HealthResponse } from '@callrec/contracts';
import { catchError, Observable, of, throwError } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';

@Injectable({ providedIn: 'root' })
export class HealthApiService {
  private readonly http = inject(HttpClient);

  /**
   * Readiness with its details (ADMIN only; `/api/health` is bare liveness for load balancers).
   * The API answers 503 with the same body when a dependency is down; that is a result to
   * show, not a failure, so only an unreadable answer becomes an error.
   */
  public check(): Observable<HealthResponse> {
    return this.http
      .get<HealthResponse>('/api/health/ready', { context: inlineErrors() })
      .pipe(
        catchError((error: unknown) =>
          error instanceof HttpErrorResponse && isHealthResponse(error.error) ? of(error.error) : throwError(() => error),
        ),
      );
  }
}

function isHealthResponse(body: unknown): body is HealthResponse {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as HealthResponse).checks === 'object' &&
    (body as HealthResponse).checks !== null
  );
}
