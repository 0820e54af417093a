import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { API_KEY_ROLES, AccessRole, ApiKeyRole } from '@callrec/contracts';
import type { Response } from 'express';
import { ApiKeyAuthenticator } from '../../api-keys/api-key-authenticator.service';
import { isApiKeyCredential } from '../../api-keys/api-key-format';
import { AuditWriter } from '../../audit/audit.writer';
import { MediaDenialsService } from '../../audit/media-denials.service';
import { ActiveUsersService } from '../active-users.service';
import { AuthUser, RequestSession } from '../../../common/request-context';
import {
  ACCESS_KEY,
  EVENT_TICKET_KEY,
  MEDIA_TOKEN_KEY,
  MFA_TOKEN_BODY_KEY,
  RouteAccess,
} from '../../../common/decorators/access.decorator';
import { AuthenticatedRequest, requestContextOf } from '../../../common/decorators/current-user.decorator';
import { EventTicketsService } from '../event-tickets.service';
import { SessionsService } from '../sessions.service';
import { SessionClaims, TokenService } from '../token.service';
import { MetricsTokenChecker } from './metrics-token.checker';

/**
 * Authenticates the caller (bearer token or API key, or a media token or live-events ticket where
 * a route allows one), checks that its session is still live (or its key not revoked), and checks
 * the route's roles. A signed-in user or key refused a route for its role is audited at once;
 * refusals without a valid token are rate-limited (and, on media routes, audited per address and
 * minute).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  public constructor(
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly metricsToken: MetricsTokenChecker,
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: ActiveUsersService,
    private readonly audit: AuditWriter,
    private readonly mediaDenials: MediaDenialsService,
    private readonly sessions: SessionsService,
    private readonly tickets: EventTicketsService,
  ) {}

  public async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
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
    const queryAccess = this.reflector.getAllAndOverride<boolean>(EVENT_TICKET_KEY, targets) === true;
    if (this.reflector.getAllAndOverride<boolean>(MFA_TOKEN_BODY_KEY, targets) === true && carriesMfaToken(request)) {
      // A sign-in's enrolment step: no user yet; the handler redeems the token (MfaTokensService).
      return true;
    }
    try {
      request.user = await this.authenticate(request, acceptsMedia, queryAccess);
    } catch (error) {
      // Without a valid token: counted in Redis per address and minute, never a row per request.
      if (acceptsMedia) throw await this.mediaDenials.refuse(request, context.switchToHttp().getResponse<Response>(), error);
      throw error;
    }
    if (!access.roles.includes(request.user.role)) {
      const message = refusalOf(access.roles, request.user.role, request.apiKey !== undefined);
      await this.auditDenied(request, message);
      throw new ForbiddenException(message);
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, acceptsMedia: boolean, queryAccess: boolean): Promise<AuthUser> {
    const header = request.headers.authorization;
    let holder: { userId: string; session: RequestSession };
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new UnauthorizedException('Authorization header must be "Bearer <token>"');
      if (isApiKeyCredential(match[1])) return this.authenticateKey(request, match[1]);
      holder = holderOf(this.tokens.verifyAccess(match[1]));
    } else {
      const queryToken = request.query['token'];
      const ticket = request.query['ticket'];
      if (acceptsMedia && typeof queryToken === 'string' && queryToken.length > 0) {
        const recordingId = String(request.params['id'] ?? '');
        holder = holderOf(this.tokens.verifyMedia(queryToken, recordingId));
      } else if (queryAccess && typeof ticket === 'string' && ticket.length > 0) {
        holder = await this.tickets.redeem(ticket);
      } else {
        throw new UnauthorizedException('Sign in first: this route needs a bearer token');
      }
    }
    // Both usually answer without the database: one Redis GET, and the in-memory account.
    const [, user] = await Promise.all([this.sessions.assertLive(holder.session.id, holder.userId), this.users.find(holder.userId)]);
    if (!user) {
      throw new UnauthorizedException('This account is no longer active');
    }
    request.authSession = holder.session;
    return user;
  }

  /**
   * A machine: no session, so no ticket, media token or logout; the route's roles decide the
   * rest. The key's id stands as the principal's id, but the context's apiKey is what audit
   * events and User-linked columns go by (personIdOf).
   */
  private async authenticateKey(request: AuthenticatedRequest, key: string): Promise<AuthUser> {
    const principal = await this.apiKeys.authenticate(key);
    request.apiKey = { id: principal.id, name: principal.name };
    return { id: principal.id, email: `api-key:${principal.prefix}`, name: principal.name, role: principal.role };
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

function carriesMfaToken(request: AuthenticatedRequest): boolean {
  const body: unknown = request.body;
  return (
    request.headers.authorization === undefined &&
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Record<string, unknown>)['mfaToken'] === 'string'
  );
}

function holderOf(claims: SessionClaims): { userId: string; session: RequestSession } {
  return { userId: claims.sub, session: { id: claims.sid, expiresAt: (claims.exp ?? 0) * 1000 } };
}

function describeRoles(roles: readonly AccessRole[]): string {
  return roles.length === 1 ? roles[0] : `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;
}

function refusalOf(allowed: readonly AccessRole[], role: AccessRole, isKey: boolean): string {
  if (!isKey) return `This needs the role ${describeRoles(allowed)}; you are signed in as ${role}`;
  const people = allowed.filter((r) => !isApiKeyRole(r));
  if (people.length === allowed.length) {
    return `API keys cannot use this route; it is for people signed in as ${describeRoles(people)} (this key has the role ${role})`;
  }
  return `This needs the role ${describeRoles(allowed)}; this API key has the role ${role}`;
}

function isApiKeyRole(role: AccessRole): role is ApiKeyRole {
  return (API_KEY_ROLES as readonly string[]).includes(role);
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
