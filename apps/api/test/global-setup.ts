import Redis from 'ioredis';
import { Client } from 'pg';
import { migrateDatabase } from '../src/services/prisma/migrator';
import { startEmulatorProcess } from './emulator-process';
import { MIGRATIONS_DIR, TEST_DATABASE_URL, TEST_REDIS_URL } from './test-config';
import { errorMessage } from '../src/common/errors/error-message';

/**
 * Recreates the test database from the migrations, empties the test Redis database and
 * starts the Twilio emulator that the real twilio client talks to.
 */
export default async function globalSetup(): Promise<void> {
  await recreateDatabase(TEST_DATABASE_URL);

  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.flushdb();
  } catch (error) {
    throw new Error(`The integration tests need Redis at ${TEST_REDIS_URL}: ${errorMessage(error)}`);
  } finally {
    redis.disconnect();
  }

  (globalThis as { __callrecEmulator?: unknown }).__callrecEmulator = await startEmulatorProcess();
}

/** A brand-new database migrated from prisma/migrations (suites that need one to themselves). */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect().catch((error: Error) => {
    throw new Error(`The integration tests need PostgreSQL at ${url.host}: ${error.message}`);
  });
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  await migrateDatabase(databaseUrl, MIGRATIONS_DIR);
}
