import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RedisService } from '../../services/redis/redis.service';
import { AuthUser } from '../../common/request-context';
import { errorMessage } from '../../common/errors/error-message';

const CHANNEL = 'callrec:user-changed';
const MAX_ENTRIES = 10_000;

/**
 * The signed-in account behind a token, as the guard needs it on every request: active, with
 * its current role. Looked up once and kept for a few seconds, because that lookup cost more
 * than many requests' own work (a player sends one range request per seek). Only active
 * accounts are kept; a change to one (role, deactivation) is forgotten here at once and on
 * every other replica through Redis pub/sub, and the TTL bounds it if that message is lost.
 */
@Injectable()
export class ActiveUsersService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ActiveUsersService.name);
  private readonly cache = new Map<string, { user: AuthUser; until: number }>();
  private subscriber?: Redis;
  private readonly ttlMs: number;

  public constructor(
    config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {
    this.ttlMs = config.accountCacheSeconds * 1000;
  }

  public onModuleInit(): void {
    this.subscriber = this.redis.createClient('user-changes');
    this.subscriber.subscribe(CHANNEL).catch((error: Error) => {
      this.logger.warn(`Not subscribed to account changes (${error.message}); cached accounts expire after ${this.ttlMs} ms`);
    });
    this.subscriber.on('message', (_channel: string, userId: string) => this.cache.delete(userId));
    // A reconnect may have missed messages: start again from the database.
    this.subscriber.on('ready', () => this.cache.clear());
  }

  public onModuleDestroy(): void {
    this.cache.clear();
  }

  /** The active account with this id, or null when it does not exist or is deactivated. */
  public async find(id: string): Promise<AuthUser | null> {
    const now = Date.now();
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached.user;
    const row = await this.prisma.user.findUnique({
      where: { id },
      select: { id: true, email: true, name: true, role: true, active: true },
    });
    if (!row || !row.active) {
      this.cache.delete(id);
      return null;
    }
    const user: AuthUser = { id: row.id, email: row.email, name: row.name, role: row.role };
    if (this.ttlMs === 0) return user;
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(id, { user, until: now + this.ttlMs });
    return user;
  }

  /** Call after changing an account, so no replica keeps acting on it as it was. */
  public async changed(id: string): Promise<void> {
    this.cache.delete(id);
    try {
      await this.redis.client.publish(CHANNEL, id);
    } catch (error) {
      this.logger.warn(
        `Could not announce the change to account ${id} (${errorMessage(error)}); other replicas see it within ${this.ttlMs} ms`,
      );
    }
  }
}
