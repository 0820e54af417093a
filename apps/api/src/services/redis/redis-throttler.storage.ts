import { Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { RedisService } from './redis.service';
import { errorMessage } from '../../common/errors/error-message';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One round trip, atomic: count the hit, start the window on the first one, and past the limit
 * mark the client blocked for the block duration. Two keys with one hash tag, so both live in
 * the same slot should Redis ever be a cluster.
 *   KEYS[1] hits in the current window   KEYS[2] present while blocked
 *   ARGV: window ms, limit, block ms     → {hits, window ms left, blocked 0/1, block ms left}
 */
const INCREMENT = `
local blockedFor = redis.call('PTTL', KEYS[2])
if blockedFor > 0 then
  return { tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockedFor }
end
local hits = redis.call('INCR', KEYS[1])
local windowLeft = redis.call('PTTL', KEYS[1])
if windowLeft < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  windowLeft = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  local block = tonumber(ARGV[3])
  if block <= 0 then return { hits, windowLeft, 1, windowLeft } end
  redis.call('SET', KEYS[2], '1', 'PX', block)
  return { hits, windowLeft, 1, block }
end
return { hits, windowLeft, 0, 0 }
`;

/**
 * @nestjs/throttler's counters in Redis, so the limit holds across API replicas (design 9.2).
 * Not @nest-lab/throttler-storage-redis: it declares peer dependencies only up to Nest 11 and we
 * run Nest 12, and what it does is this one script on the connection we already have.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastWarning = 0;

  public constructor(private readonly redis: RedisService) {
    redis.client.defineCommand('callrecThrottle', { numberOfKeys: 2, lua: INCREMENT });
  }

  public async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `callrec:throttle:{${throttlerName}:${key}}`;
    try {
      const client = this.redis.client as unknown as ThrottleCommand;
      const [hits, windowLeft, blocked, blockLeft] = await client.callrecThrottle(
        `${base}:hits`,
        `${base}:blocked`,
        ttl,
        limit,
        blockDuration,
      );
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(windowLeft / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.ceil(blockLeft / 1000),
      };
    } catch (error) {
      // Without Redis the queues and sign-in stop anyway; a general limit that turned every
      // request into a 500 on top would only hide which part is down. Let requests through.
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        this.logger.warn(`Rate limit not applied, Redis is unavailable: ${errorMessage(error)}`);
      }
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}

interface ThrottleCommand {
  callrecThrottle(
    hitsKey: string,
    blockedKey: string,
    ttl: number,
    limit: number,
    block: number,
  ): Promise<[number, number, number, number]>;
}
