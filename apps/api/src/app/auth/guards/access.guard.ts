import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MetricsTokenChecker } from './metrics-token.checker';
import { Role } from '@callrec/contracts';
import type { Response } from 'express';
import { AuditService } from '../../audit/audit.service';
import { MediaDenialsService } from '../../audit/media-denials.service';
import { ActiveUsers } from '../active-users.service';
import { AuthUser } from '../auth-user';
import { ACCESS_KEY, MEDIA_TOKEN_KEY, QUERY_ACCESS_TOKEN_KEY, RouteAccess } from '../decorators/access.decorator';
import { AuthenticatedRequest, requestContextOf } from '../decorators/current-user.decorator';
import { TokenService } from '../token.service';

/**
 * Authenticates the caller (bearer token, or a media token where a route allows one) and
 * checks the route's roles. A signed-in user refused a media route for their role is audited
 * at once; refusals without a valid token are rate-limited and audited per address and minute.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  public constructor(
    private readonly metricsToken: MetricsTokenChecker,
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: ActiveUsers,
    private readonly audit: AuditService,
    private readonly mediaDenials: MediaDenialsService,
  ) {}

  public async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!access) {
      // RouteAccessChecker refuses to boot with such a route; deny rather than trust.
      throw new ForbiddenException('This route has no access rule');
    }
    if (access.kind === 'public' || access.kind === 'twilio') return true;
    // Prometheus has no account: its token stands in; anyone else must be signed in with the roles.
    if (access.kind === 'metrics' && this.metricsToken.presentedIn(context.switchToHttp().getRequest<AuthenticatedRequest>().headers)) {
      return true;
    }

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const acceptsMedia = this.reflector.getAllAndOverride<boolean>(MEDIA_TOKEN_KEY, targets) === true;
    const queryAccess = this.reflector.getAllAndOverride<boolean>(QUERY_ACCESS_TOKEN_KEY, targets) === true;
    try {
      request.user = await this.authenticate(request, acceptsMedia, queryAccess);
    } catch (error) {
      // Without a valid token: counted in Redis per address and minute, never a row per request.
      if (acceptsMedia) throw await this.mediaDenials.refuse(request, context.switchToHttp().getResponse<Response>(), error);
      throw error;
    }
    if (!access.roles.includes(request.user.role)) {
      const message = `This needs the role ${describeRoles(access.roles)}; you are signed in as ${request.user.role}`;
      await this.auditDenied(request, message);
      throw new ForbiddenException(message);
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, acceptsMedia: boolean, queryAccess: boolean): Promise<AuthUser> {
    const header = request.headers.authorization;
    let userId: string;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new UnauthorizedException('Authorization header must be "Bearer <token>"');
      userId = this.tokens.verifyAccess(match[1]).sub;
    } else {
      const queryToken = request.query['token'];
      if (acceptsMedia && typeof queryToken === 'string' && queryToken.length > 0) {
        const recordingId = String(request.params['id'] ?? '');
        userId = this.tokens.verifyMedia(queryToken, recordingId).sub;
      } else if (queryAccess && typeof queryToken === 'string' && queryToken.length > 0) {
        userId = this.tokens.verifyAccess(queryToken).sub;
      } else {
        throw new UnauthorizedException('Sign in first: this route needs a bearer token');
      }
    }
    const user = await this.users.find(userId);
    if (!user) {
      throw new UnauthorizedException('This account is no longer active');
    }
    return user;
  }

  private async auditDenied(request: AuthenticatedRequest, reason: string): Promise<void> {
    const param = request.params['id'];
    const recordingId = request.path.startsWith('/api/recordings/') && typeof param === 'string' ? param : undefined;
    await this.audit.recordQuietly({
      action: 'ACCESS_DENIED',
      context: requestContextOf(request),
      recordingId: recordingId && isUuid(recordingId) ? recordingId : null,
      details: { method: request.method, path: request.path, reason },
    });
  }
}

function describeRoles(roles: readonly Role[]): string {
  return roles.length === 1 ? roles[0] : `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
