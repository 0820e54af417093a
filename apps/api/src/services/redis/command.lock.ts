import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../../common/errors/error-message';
import { RedisScript } from './redis-script';
import { RedisService } from './redis.service';

/** A run that dies lets the next one in after this long; a live run renews it well before. */
const LOCK_TTL_MS = 60_000;
const RENEW_EVERY_MS = 15_000;

/** Renews (or releases) the lock only while it is still this run's. */
const RENEW = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);
const RELEASE = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** Another run of the same command holds its lock. */
export class CommandBusyError extends Error {
  public constructor(command: string, key: string) {
    super(`Another ${command} is running (it holds the Redis lock ${key}); wait for it to finish`);
    this.name = 'CommandBusyError';
  }
}

/**
 * One run of an operator command at a time, across machines: a Redis key with a TTL the run
 * renews, so a killed run blocks the next for at most the TTL. Redis rather than a PostgreSQL
 * advisory lock because a session lock needs one pinned connection, which a pooled client does
 * not give.
 */
export abstract class CommandLock {
  private readonly logger = new Logger(CommandLock.name);
  private token: string | null = null;
  private lost = false;

  protected constructor(
    private readonly redis: RedisService,
    private readonly command: string,
    public readonly key: string,
  ) {}

  public async holding<T>(run: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const taken = await this.redis.client.set(this.key, token, 'PX', LOCK_TTL_MS, 'NX');
    if (taken !== 'OK') throw new CommandBusyError(this.command, this.key);
    this.token = token;
    this.lost = false;
    const renewal = setInterval(() => {
      RENEW.run(this.redis.client, [this.key], [token, LOCK_TTL_MS]).then(
        (renewed) => {
          if (renewed !== 1) this.lost = true;
        },
        (error: unknown) => this.logger.warn(`Could not renew the ${this.command} lock: ${errorMessage(error)}`),
      );
    }, RENEW_EVERY_MS);
    try {
      return await run();
    } finally {
      clearInterval(renewal);
      this.token = null;
      await RELEASE.run(this.redis.client, [this.key], [token]).catch(() => undefined);
    }
  }

  /** Throws when the lock expired under this run (Redis was unreachable past the TTL): stop before the next batch. */
  public async stillHeld(): Promise<void> {
    if (this.token === null) return;
    if (this.lost || (await this.redis.client.get(this.key)) !== this.token) {
      throw new Error(
        `The ${this.command} lock was lost (expired while Redis was unreachable); stopped before the next batch. Run it again.`,
      );
    }
  }
}
