import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { AuthUser, RequestApiKey, RequestContext, RequestSession } from '../request-context';

/** What the access guard attaches: the principal, and its session (a person) or key (a machine). */
export type AuthenticatedRequest = Request & { user?: AuthUser; authSession?: RequestSession; apiKey?: RequestApiKey };

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) {
    throw new UnauthorizedException('Sign in first');
  }
  return user;
});

export function requestContextOf(request: AuthenticatedRequest): RequestContext {
  return {
    user: request.user,
    apiKey: request.apiKey,
    sessionId: request.authSession?.id,
    ip: request.ip ?? request.socket.remoteAddress ?? null,
    userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
  };
}

/** Actor, IP and user agent of the current request, for audit events. */
export const ReqContext = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext =>
  requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/** The session the request was authenticated with (routes that need a signed-in user). */
export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): RequestSession => {
  const session = context.switchToHttp().getRequest<AuthenticatedRequest>().authSession;
  if (!session) {
    throw new UnauthorizedException('Sign in first');
  }
  return session;
});
