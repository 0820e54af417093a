import { Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../../services/config/app-config';
import { RedisThrottlerStorage } from '../../services/redis/redis-throttler.storage';
import { AuthModule } from '../auth/auth.module';
import { TokenService } from '../auth/token.service';
import { rateLimitOptions } from './rate-limit.options';

/**
 * The general rate limit (RATE_LIMIT_PER_MINUTE, design 9.2). Routes that must never wait opt
 * out with @SkipThrottle(): the player's range requests, Twilio's callbacks and liveness.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [AuthModule],
      inject: [AppConfig, RedisThrottlerStorage, TokenService],
      useFactory: rateLimitOptions,
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}

/**
 * The guard, for the root module's providers: Nest runs global guards in the order modules are
 * scanned, the root first, so the limit is checked before the access guard and a flood of
 * anonymous or forged requests is counted rather than answered 401 for free.
 */
export const RATE_LIMIT_GUARD: Provider = { provide: APP_GUARD, useClass: ThrottlerGuard };
