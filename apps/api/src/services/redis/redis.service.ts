import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

/** A shared Redis connection for small keyed state (login throttling, health, pub/sub). */
@Injectable()
export class RedisService implements OnModuleDestroy {
  private readonly logger = new Logger(RedisService.name);
  private readonly clients: Redis[] = [];
  public readonly client: Redis;

  public constructor(private readonly config: AppConfig) {
    this.client = this.createClient('main');
  }

  /** A separate connection, e.g. for a subscriber, closed with the service. */
  public createClient(purpose: string): Redis {
    const client = new Redis(this.config.redisUrl, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      connectionName: `callrec-${purpose}`,
    });
    client.on('error', (error) => this.logger.warn(`Redis (${purpose}): ${error.message}`));
    this.clients.push(client);
    return client;
  }

  public async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  public async onModuleDestroy(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}
