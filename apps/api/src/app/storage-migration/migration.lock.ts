import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../../common/errors/error-message';
import { RedisScript } from '../../services/redis/redis-script';
import { RedisService } from '../../services/redis/redis.service';

const LOCK_KEY = 'callrec:storage-migrate:lock';
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

/** Another run holds the migration: two runs would copy and switch the same rows. */
export class MigrationBusyError extends Error {
  public constructor() {
    super('Another storage:migrate is running (it holds the Redis lock callrec:storage-migrate:lock); wait for it to finish');
    this.name = 'MigrationBusyError';
  }
}

/**
 * One storage:migrate at a time, across machines: a Redis lock with a TTL that the run renews,
 * so a killed run does not block the next for longer than the TTL. Redis rather than a
 * PostgreSQL advisory lock because a session lock needs one pinned connection, which a
 * pooled client does not give.
 */
@Injectable()
export class MigrationLock {
  private readonly logger = new Logger(MigrationLock.name);
  private token: string | null = null;
  private lost = false;

  public constructor(private readonly redis: RedisService) {}

  public async holding<T>(run: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const taken = await this.redis.client.set(LOCK_KEY, token, 'PX', LOCK_TTL_MS, 'NX');
    if (taken !== 'OK') throw new MigrationBusyError();
    this.token = token;
    this.lost = false;
    const renewal = setInterval(() => {
      RENEW.run(this.redis.client, [LOCK_KEY], [token, LOCK_TTL_MS]).then(
        (renewed) => {
          if (renewed !== 1) this.lost = true;
        },
        (error: unknown) => this.logger.warn(`Could not renew the migration lock: ${errorMessage(error)}`),
      );
    }, RENEW_EVERY_MS);
    try {
      return await run();
    } finally {
      clearInterval(renewal);
      this.token = null;
      await RELEASE.run(this.redis.client, [LOCK_KEY], [token]).catch(() => undefined);
    }
  }

  /** Throws when the lock expired under this run (Redis was unreachable past the TTL): stop before the next batch. */
  public async stillHeld(): Promise<void> {
    if (this.token === null) return;
    if (this.lost || (await this.redis.client.get(LOCK_KEY)) !== this.token) {
      throw new Error(
        'The storage:migrate lock was lost (expired while Redis was unreachable); stopped before the next batch. Run it again.',
      );
    }
  }
}
