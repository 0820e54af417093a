import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppConfig } from '../src/services/config/app-config';

/**
 * The test tiers use their own database and Redis database on the local servers, so they
 * never touch the demo data of `npm start` and can run beside it.
 */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/callrec_test';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/15';
export const WORKSPACE_ROOT = resolve(__dirname, '../../..');
export const MIGRATIONS_DIR = join(WORKSPACE_ROOT, 'prisma/migrations');
/** Where the test emulator listens; started once by the integration tier's global setup. */
export const TEST_EMULATOR_PORT = Number(process.env['TEST_EMULATOR_PORT'] ?? 3110);
export const TEST_AUDIT_SIGNING_KEY_FILE = join(tmpdir(), 'callrec-test-keys', 'audit-signing-key.pem');

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return AppConfig.fromEnv(
    {
      NODE_ENV: 'test',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      JWT_SECRET: 'test-secret-test-secret-test-secret-42',
      RECORDINGS_DIR: mkdtempSync(join(tmpdir(), 'callrec-recordings-')),
      ADMIN_DIST_DIR: join(WORKSPACE_ROOT, 'dist/apps/admin/browser'),
      MIGRATIONS_DIR,
      MIGRATE_ON_START: 'false',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      LOGIN_MAX_FAILURES: '5',
      // Every suite's client is this one machine and a few users: the limit has its own tests.
      RATE_LIMIT_PER_MINUTE: '100000',
      CRON_ENABLED: 'false',
      TWILIO_EMULATOR_PORT: String(TEST_EMULATOR_PORT),
      // One key for every app of the tier: they share a database, so they must sign alike.
      AUDIT_SIGNING_KEY_FILE: TEST_AUDIT_SIGNING_KEY_FILE,
      ...overrides,
    },
    WORKSPACE_ROOT,
  );
}

/** What child processes started by tests inherit from this one. */
export const INHERITED_ENV: Record<string, string | undefined> = { ...process.env };
