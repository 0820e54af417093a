import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, concatMap, from, Observable, throwError } from 'rxjs';
import { AuthenticatedRequest, requestContextOf } from '../../common/decorators/current-user.decorator';
import { AuditWriter } from '../audit/audit.writer';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * "Every use is audited as the key" (design 9.10): one API_KEY_USED per request a key was
 * admitted to, with the route, the path and the status it answered (refusals by role are
 * ACCESS_DENIED from the guard, also naming the key).
 *
 * A read is audited before its answer leaves, and if the event cannot be written the answer is
 * withheld (503), like RECORDING_METADATA_VIEWED: a machine must never take data the log does
 * not show. A change that succeeded is already made (a call is ringing) and its own domain event
 * is written with it; withholding the answer would only make a dialer repeat it, so there the
 * use, like an error answer, is recorded quietly (a failure is logged, as for ACCESS_DENIED).
 */
@Injectable()
export class ApiKeyUseInterceptor implements NestInterceptor {
  public constructor(private readonly audit: AuditWriter) {}

  public intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.apiKey) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      catchError((error: unknown) =>
        from(this.audit.recordQuietly(this.entry(request, error instanceof HttpException ? error.getStatus() : 500))).pipe(
          concatMap(() => throwError(() => error)),
        ),
      ),
      concatMap(async (value: unknown) => {
        // Nest has set the route's status (its @HttpCode, or 201 for a POST) before interceptors run.
        const entry = this.entry(request, response.statusCode);
        if (!SAFE_METHODS.has(request.method)) {
          await this.audit.recordQuietly(entry);
          return value;
        }
        try {
          await this.audit.record(entry);
        } catch {
          throw new ServiceUnavailableException('This request could not be audited, so its answer is withheld; try again shortly');
        }
        return value;
      }),
    );
  }

  private entry(request: AuthenticatedRequest, statusCode: number) {
    const route = (request.route as { path?: unknown } | undefined)?.path;
    return {
      action: 'API_KEY_USED' as const,
      context: requestContextOf(request),
      details: { method: request.method, route: typeof route === 'string' ? route : null, path: request.path, statusCode },
    };
  }
}
