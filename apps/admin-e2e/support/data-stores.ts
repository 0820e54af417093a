import Redis from 'ioredis';
import { Client } from 'pg';
import { E2E_DATABASE, E2E_REDIS_DB, POSTGRES_SERVER_URL, REDIS_SERVER_URL } from './stack-config';

/** A fresh, empty database each run; the API migrates it and creates the first admin. */
export async function recreateDatabase(): Promise<void> {
  const client = new Client({ connectionString: `${POSTGRES_SERVER_URL}/postgres`, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot reach PostgreSQL at ${POSTGRES_SERVER_URL} (${(error as Error).message})`);
  }
  try {
    // FORCE ends sessions a crashed run may have left open.
    await client.query(`DROP DATABASE IF EXISTS ${E2E_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${E2E_DATABASE}`);
  } finally {
    await client.end();
  }
}

/** Clears queues and sign-in throttling counters left by a previous run. */
export async function flushRedis(): Promise<void> {
  const redis = new Redis(`${REDIS_SERVER_URL}/${E2E_REDIS_DB}`, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.flushdb();
  } catch (error) {
    throw new Error(`Cannot flush Redis database ${E2E_REDIS_DB} at ${REDIS_SERVER_URL} (${(error as Error).message})`);
  } finally {
    redis.disconnect();
  }
}

/** Runs SQL straight against the stack's database: bulk seeds a browser test could not make through the product in time. */
export async function withDatabase<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${POSTGRES_SERVER_URL}/${E2E_DATABASE}`, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
