import { randomBytes } from 'node:crypto';
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
      ...(process.env['TEST_STORAGE_DRIVER'] === 's3' ? testS3Settings() : {}),
      ...overrides,
    },
    WORKSPACE_ROOT,
  );
}

/**
 * The S3 settings of the s3 tier (TEST_S3_*, put there by its global setup from the project's
 * Ceph), with a bucket of its own for each test app: the app creates it at start-up, with Object
 * Lock unless TEST_S3_OBJECT_LOCK=off (the tier's default is compliance, so the lock is exercised).
 */
export function testS3Settings(bucket = testBucketName()): Record<string, string> {
  const required = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: the S3 tests run in the integration-s3 tier, whose setup starts Ceph`);
    return value;
  };
  return {
    STORAGE_DRIVER: 's3',
    S3_ENDPOINT: required('TEST_S3_ENDPOINT'),
    S3_ACCESS_KEY_ID: required('TEST_S3_ACCESS_KEY_ID'),
    S3_SECRET_ACCESS_KEY: required('TEST_S3_SECRET_ACCESS_KEY'),
    S3_REGION: process.env['TEST_S3_REGION'] ?? 'us-east-1',
    S3_FORCE_PATH_STYLE: process.env['TEST_S3_FORCE_PATH_STYLE'] ?? 'true',
    S3_BUCKET: bucket,
    S3_OBJECT_LOCK: process.env['TEST_S3_OBJECT_LOCK'] ?? 'compliance',
    // The shortest allowed: locked checkpoints of test runs cannot be removed before it ends.
    S3_EVIDENCE_RETAIN_DAYS: '1',
  };
}

export function testBucketName(): string {
  return `callrec-test-${randomBytes(6).toString('hex')}`;
}

/** What child processes started by tests inherit from this one. */
export const INHERITED_ENV: Record<string, string | undefined> = { ...process.env };

/** The S3 server the s3 tier's suites use: set once by its global setup, read by testConfig(). */
export function publishTestS3Settings(
  s3: { endpoint: string; accessKeyId: string; secretAccessKey: string; region: string; forcePathStyle: boolean } | null,
): void {
  if (s3) {
    process.env['TEST_S3_ENDPOINT'] = s3.endpoint;
    process.env['TEST_S3_ACCESS_KEY_ID'] = s3.accessKeyId;
    process.env['TEST_S3_SECRET_ACCESS_KEY'] = s3.secretAccessKey;
    process.env['TEST_S3_REGION'] = s3.region;
    process.env['TEST_S3_FORCE_PATH_STYLE'] = String(s3.forcePathStyle);
  }
  process.env['TEST_S3_OBJECT_LOCK'] ??= 'compliance';
  process.env['TEST_STORAGE_DRIVER'] = 's3';
}

/** True when the s3 tier was pointed at another S3 server than the project's Ceph. */
export const TEST_S3_ENDPOINT_GIVEN = process.env['TEST_S3_ENDPOINT'] !== undefined;
