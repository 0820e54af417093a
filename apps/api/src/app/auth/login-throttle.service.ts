import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '../../services/config/app-config';
import { RedisService } from '../../services/redis/redis.service';

/**
 * Counts failed sign-ins per account and per client address in Redis (shared by every API
 * replica). Past the limit, sign-in answers 429 until the window ends, which turns password
 * guessing into a slow crawl without locking anyone out for good.
 */
@Injectable()
export class LoginThrottleService {
  public constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {}

  public async assertAllowed(email: string, ip: string | null): Promise<void> {
    const keys = this.keys(email, ip);
    const counts = await this.redis.client.mget(...keys.map((k) => k.key));
    const blocked = keys.find((k, i) => Number(counts[i] ?? 0) >= k.limit);
    if (blocked) {
      const ttl = await this.redis.client.ttl(blocked.key);
      const wait = ttl > 0 ? ttl : this.config.loginFailureWindowSeconds;
      throw new HttpException(
        `Too many failed sign-in attempts; try again in ${formatWait(wait)}`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  public async recordFailure(email: string, ip: string | null): Promise<void> {
    const window = this.config.loginFailureWindowSeconds;
    const pipeline = this.redis.client.multi();
    for (const { key } of this.keys(email, ip)) {
      pipeline.incr(key);
      pipeline.expire(key, window, 'NX');
    }
    await pipeline.exec();
  }

  public async recordSuccess(email: string): Promise<void> {
    await this.redis.client.del(this.accountKey(email));
  }

  private keys(email: string, ip: string | null): { key: string; limit: number }[] {
    const keys = [{ key: this.accountKey(email), limit: this.config.loginMaxFailures }];
    if (ip) {
      // An address may front many users (an office NAT), so it gets a wider allowance.
      keys.push({ key: `callrec:login-fail:ip:${ip}`, limit: this.config.loginMaxFailures * 4 });
    }
    return keys;
  }

  private accountKey(email: string): string {
    return `callrec:login-fail:account:${email.toLowerCase()}`;
  }
}

function formatWait(seconds: number): string {
  return seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
}
