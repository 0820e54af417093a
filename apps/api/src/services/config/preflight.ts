import Redis from 'ioredis';
import { Client } from 'pg';
import { AppConfig } from './app-config';
import { ensureDatabase, migrateDatabase } from '../prisma/migrator';
import { errorMessage } from '../../common/errors/error-message';

export class PreflightError extends Error {}

function where(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('redis') ? 6379 : 5432)}`;
}

/**
 * Checks PostgreSQL and Redis before Nest starts, so an operator reads which server is
 * missing, where we looked and how to get one, rather than a stack trace.
 */
export async function preflight(config: AppConfig, log: (line: string) => void): Promise<void> {
  await checkPostgres(config, log);
  await checkRedis(config);
}

async function checkPostgres(config: AppConfig, log: (line: string) => void): Promise<void> {
  const client = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '3D000') {
      await ensureDatabase(config.databaseUrl);
      log(`Created database ${new URL(config.databaseUrl).pathname.slice(1)}`);
    } else {
      throw new PreflightError(
        `Cannot reach PostgreSQL at ${where(config.databaseUrl)} (${errorMessage(error)}).\n` +
          '  Start one with "docker compose up -d postgres", or install your distribution\'s postgresql package,\n' +
          '  or point DATABASE_URL at a running server.',
      );
    }
  }
  if (config.migrateOnStart) {
    const result = await migrateDatabase(config.databaseUrl, config.migrationsDir);
    if (result.applied.length > 0) log(`Applied migrations: ${result.applied.join(', ')}`);
  }
}

async function checkRedis(config: AppConfig): Promise<void> {
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new PreflightError(
      `Cannot reach Redis at ${where(config.redisUrl)} (${errorMessage(error)}).\n` +
        '  Start one with "docker compose up -d redis", or install your distribution\'s redis package,\n' +
        '  or point REDIS_URL at a running server.',
    );
  } finally {
    redis.disconnect();
  }
}
