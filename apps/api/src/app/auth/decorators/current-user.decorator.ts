import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { AuthUser, RequestContext } from '../auth-user';

export type AuthenticatedRequest = Request & { user?: AuthUser };

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
    ip: request.ip ?? request.socket.remoteAddress ?? null,
    userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
  };
}

/** Actor, IP and user agent of the current request, for audit events. */
export const ReqContext = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext =>
  requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
