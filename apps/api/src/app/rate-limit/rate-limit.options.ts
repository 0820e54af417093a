import { ExecutionContext } from '@nestjs/common';
import { normalizeIp, ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { AppConfig } from '../../services/config/app-config';
import { RedisThrottlerStorage } from '../../services/redis/redis-throttler.storage';
import { TokenService } from '../auth/token.service';

const MINUTE_MS = 60_000;
/** IPv6 clients are counted per /64: one host usually holds a whole one and may pick any address in it. */
const IPV6_PREFIX = 64;

/**
 * One budget per client across every route (not the library's per-route default): a signed-in
 * user is counted as that user wherever their requests come from (an office behind one NAT is
 * many users), anyone else by address. The token is only checked for its signature here; the
 * access guard after this one decides whether its session still stands.
 */
export function rateLimitOptions(config: AppConfig, storage: RedisThrottlerStorage, tokens: TokenService): ThrottlerModuleOptions {
  return {
    // Unnamed, so the answer carries the plain Retry-After (a named one gets Retry-After-<name>).
    throttlers: [{ ttl: MINUTE_MS, limit: config.rateLimitPerMinute }],
    storage,
    getTracker: (request) => trackerOf(request as Request, tokens),
    generateKey: (_context: ExecutionContext, tracker: string) => tracker,
    errorMessage: (_context, { tracker, limit, timeToBlockExpire }) =>
      `Too many requests ${tracker.startsWith('user:') ? 'for this user' : 'from this address'}: ` +
      `at most ${limit} a minute; try again in ${timeToBlockExpire} seconds`,
  };
}

function trackerOf(request: Request, tokens: TokenService): string {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (match) {
    try {
      return `user:${tokens.verifyAccess(match[1]).sub}`;
    } catch {
      // Forged, expired or not an access token: counted by address like any stranger.
    }
  }
  return `ip:${normalizeIp(request.ip ?? request.socket.remoteAddress ?? 'unknown', IPV6_PREFIX)}`;
}
