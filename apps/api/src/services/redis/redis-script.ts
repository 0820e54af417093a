import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { errorMessage } from '../../common/errors/error-message';

/**
 * A Lua script run atomically by Redis: sent by its SHA-1 (EVALSHA), and in full only when the
 * server does not know it yet (first use, or after a restart or SCRIPT FLUSH).
 */
export class RedisScript {
  private readonly sha: string;

  public constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  public async run(client: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!errorMessage(error).startsWith('NOSCRIPT')) throw error;
      return client.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}
