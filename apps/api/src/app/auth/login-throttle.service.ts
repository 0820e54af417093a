import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../services/config/app-config';
import { RedisService } from '../../services/redis/redis.service';
import { errorMessage } from '../../common/errors/error-message';

/**
 * Checks every limit and, only when none is reached, counts the attempt against all of them,
 * in one step: two attempts can never both see the last free slot. Refused attempts are not
 * counted, so a flood of 429s does not keep pushing the window out.
 * Answers {0, 0} when the attempt may go ahead, else {index of the full counter, its TTL}.
 */
const COUNT_ATTEMPT = `
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 1]) then
    return {i, redis.call('TTL', key)}
  end
end
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  redis.call('EXPIRE', key, ARGV[1], 'NX')
end
return {0, 0}`;

/** After a good password: the account starts afresh, and the address gets its slot back. */
const GIVE_BACK = `
redis.call('DEL', KEYS[1])
if KEYS[2] and tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then
  redis.call('DECR', KEYS[2])
end
return 0`;

/**
 * What is being guessed: the password, or the second factor's code (design 9.9). Each has its
 * own counts with the same limits, so a right password with wrong codes still locks the
 * account for the window, and a right password never clears the count of wrong codes.
 */
export type AttemptKind = 'password' | 'code';

/**
 * Counts sign-in attempts per account and per client address in Redis (shared by every API
 * replica). An attempt is counted BEFORE its password is checked (argon2 takes a while), so a
 * parallel burst cannot slip many guesses past a count that is only raised afterwards; a good
 * password takes its count back. Past the limit, sign-in answers 429 until the window ends,
 * which turns password guessing into a slow crawl without locking anyone out for good.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger(LoginThrottleService.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {}

  /** Counts this attempt, or refuses it with 429 when the account or address is at its limit. */
  public async countAttempt(email: string, ip: string | null, kind: AttemptKind = 'password'): Promise<void> {
    const limits = this.limits(email, ip, kind);
    const [blocked, ttl] = (await this.redis.client.eval(
      COUNT_ATTEMPT,
      limits.length,
      ...limits.map((l) => l.key),
      this.config.loginFailureWindowSeconds,
      ...limits.map((l) => l.limit),
    )) as [number, number];
    if (blocked > 0) {
      const wait = ttl > 0 ? ttl : this.config.loginFailureWindowSeconds;
      const what = kind === 'code' ? 'wrong codes' : 'failed sign-in attempts';
      throw new HttpException(`Too many ${what}; try again in ${formatWait(wait)}`, HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  /** The attempt was a correct sign-in: it was not a failure after all. */
  public async succeeded(email: string, ip: string | null, kind: AttemptKind = 'password'): Promise<void> {
    const keys = this.limits(email, ip, kind).map((l) => l.key);
    try {
      await this.redis.client.eval(GIVE_BACK, keys.length, ...keys);
    } catch (error) {
      // Only a later sign-in is slowed down by a count left standing; the user is in.
      this.logger.warn(`Could not clear the sign-in count for ${email}: ${errorMessage(error)}`);
    }
  }

  private limits(email: string, ip: string | null, kind: AttemptKind): { key: string; limit: number }[] {
    const prefix = kind === 'code' ? 'callrec:code-fail' : 'callrec:login-fail';
    const limits = [{ key: `${prefix}:account:${email.toLowerCase()}`, limit: this.config.loginMaxFailures }];
    if (ip) {
      // An address may front many users (an office NAT), so it gets a wider allowance.
      limits.push({ key: `${prefix}:ip:${ip}`, limit: this.config.loginMaxFailures * 4 });
    }
    return limits;
  }
}

function formatWait(seconds: number): string {
  return seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
}
