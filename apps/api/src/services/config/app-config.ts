import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { isSupportedCountry } from 'libphonenumber-js';
import type { Role } from '@callrec/contracts';
import { EnvReader } from './env.reader';
import { checkProduction, readFirstAdmin, readSecret, readTrustProxy, TrustProxy } from './security-settings';
import { EMULATOR_DEFAULTS, readTwilio, TwilioSettings } from './twilio-settings';
import { MediaDelivery, MediaLinkSettings, readStorage, S3Settings, StorageDriver } from './storage-settings';
import { KekEntry, readEncryption } from './encryption-settings';
import { CoverageSettings, readCoverage } from './coverage-settings';
import { ExportSettings, readExports } from './export-settings';
import { IdentitySettings, readIdentity } from './identity-settings';
import { OidcSettings, readOidc } from './oidc-settings';

export { EMULATOR_DEFAULTS, type TwilioSettings } from './twilio-settings';
export type { MediaDelivery, MediaLinkSettings, ObjectLockMode, S3Settings, StorageDriver } from './storage-settings';
export type { KekEntry } from './encryption-settings';
export type { CoverageSettings } from './coverage-settings';
export type { ExportApproval, ExportSettings } from './export-settings';
export type { IdentitySettings } from './identity-settings';
export type { OidcSettings } from './oidc-settings';

export const APP_ROLES = ['api', 'worker', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];
export const RECORDING_FORMATS = ['wav', 'mp3'] as const;
export type RecordingFormat = (typeof RECORDING_FORMATS)[number];

/**
 * Outbound webhook retries (design 9.10): 5 s, 5 min, 30 min, 2 h, 5 h, 8 h, 8 h: the last
 * attempt falls just short of 24 h after the event, as Standard Webhooks senders do.
 */
export const DEFAULT_WEBHOOK_DELIVERY_DELAYS_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  8 * 3_600_000,
  8 * 3_600_000,
];

function readPhoneRegion(r: EnvReader): string {
  const region = r.string('DEFAULT_PHONE_REGION', 'US').toUpperCase();
  if (!isSupportedCountry(region)) r.fail(`DEFAULT_PHONE_REGION must be a two-letter country code libphonenumber knows, got "${region}"`);
  return region;
}

export class ConfigValidationError extends Error {
  public constructor(public readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** What AppConfig is built from: every field, none optional (a value may still be `undefined` where the field allows it). */
export type AppSettings = Omit<AppConfig, 'runsApi' | 'runsWorker'>;

/**
 * The one validated configuration object. Built once from the environment at boot; nothing
 * else in the API reads process.env.
 */
export class AppConfig {
  public readonly nodeEnv: 'development' | 'production' | 'test';
  public readonly appRole: AppRole;
  public readonly host: string;
  public readonly port: number;
  public readonly publicBaseUrl: string;
  public readonly databaseUrl: string;
  public readonly redisUrl: string;
  public readonly jwtSecret: string;
  /** True when JWT_SECRET was not set and a per-process secret was generated. */
  public readonly jwtSecretGenerated: boolean;
  public readonly jwtTtlSeconds: number;
  public readonly mediaTokenTtlSeconds: number;
  /** How long a replica may act on a signed-in account as it was, should a change message be lost. */
  public readonly accountCacheSeconds: number;
  public readonly recordingsDir: string;
  public readonly adminDistDir: string;
  public readonly migrationsDir: string;
  public readonly migrateOnStart: boolean;
  public readonly adminEmail: string;
  public readonly adminPassword: string | undefined;
  public readonly loginMaxFailures: number;
  public readonly loginFailureWindowSeconds: number;
  public readonly logLevel: string;
  public readonly twilio: TwilioSettings;
  public readonly recordingFormat: RecordingFormat;
  public readonly deleteAtSource: boolean;
  public readonly downloadAttempts: number;
  public readonly downloadBackoffMs: number;
  public readonly downloadBackoffMaxMs: number;
  /** Parallel download jobs per worker. */
  public readonly downloadConcurrency: number;
  /** Parallel jobs per worker for each kind of Twilio callback (call status, recording status). */
  public readonly webhookConcurrency: number;
  /** Parallel jobs per worker for each kind of maintenance job (reconciliation, sweeps, digests, checkpoints). */
  public readonly maintenanceConcurrency: number;
  /** Parallel playback-session closings per worker. */
  public readonly playbackEndConcurrency: number;
  public readonly queueLockMs: number;
  public readonly queueStalledCheckMs: number;
  public readonly reconcileLookbackHours: number;
  public readonly reconcileCron: string;
  public readonly reconcileGraceSeconds: number;
  public readonly reconcileStuckSeconds: number;
  public readonly retentionCron: string;
  public readonly cronEnabled: boolean;
  /** Ed25519 private key (PKCS#8 PEM) that signs audit checkpoints; never in the database. */
  public readonly auditSigningKeyFile: string;
  public readonly auditCheckpointSeconds: number;
  /** After this many hours from the call's end only an ADMIN may change its outcome, with a reason. */
  public readonly outcomeLockHours: number;
  /** Express's `trust proxy`: which hops may name the client in X-Forwarded-For (false: none). */
  public readonly trustProxy: TrustProxy;
  /** Bearer token that may scrape /api/metrics besides an ADMIN; unset: ADMINs only. */
  public readonly metricsToken: string | undefined;
  /** Requests per minute per signed-in user, or per client address without one. */
  public readonly rateLimitPerMinute: number;
  /** Refused media requests (no valid token) one client address may make per minute before 429s. */
  public readonly mediaDeniedPerMinute: number;
  /** The most a role that may play but not download receives in one media response. */
  public readonly streamMaxRangeBytes: number;
  /** How long a playback session lasts from its first request (one RECORDING_PLAYED, one RECORDING_PLAYBACK_ENDED). */
  public readonly playbackSessionSeconds: number;
  /** Failed tries to apply one webhook event (across retries and requeues) before it is parked. */
  public readonly webhookMaxAttempts: number;
  /** Processed webhook events older than this are pruned (duplicates of them are then taken as new). */
  public readonly webhookEventRetentionDays: number;
  /** Region for phone numbers written without a country code (ISO 3166 alpha-2, libphonenumber-js). */
  public readonly defaultPhoneRegion: string;
  /** Where an uploaded contacts CSV waits for the worker (shared by API and workers, like RECORDINGS_DIR). */
  public readonly importSpoolDir: string;
  /** Rejected lines kept per import for its error report; `rejected` still counts every one. */
  public readonly importMaxErrors: number;
  /** The largest contacts CSV accepted, in bytes. */
  public readonly importMaxBytes: number;
  /** Outbound webhooks may target private and loopback addresses (tests, on-premises CRMs). */
  public readonly webhookAllowPrivate: boolean;
  /** Waits between outbound delivery attempts, in ms: the first try is at once, then one per entry. */
  public readonly webhookDeliveryDelaysMs: readonly number[];
  /** How long one outbound delivery attempt may take before it counts as failed. */
  public readonly webhookDeliveryTimeoutMs: number;
  /** Outbound deliveries one worker makes at once. */
  public readonly webhookDeliveryConcurrency: number;
  /** Where new recordings are written (design 9.4); each row remembers where its own are. */
  public readonly storageDriver: StorageDriver;
  /** The bucket, when STORAGE_DRIVER=s3 or S3_BUCKET is set. */
  public readonly s3: S3Settings | undefined;
  /** How media reaches a player: the API, a 302 to a presigned link (MEDIA_PRESIGN_SECONDS), or nginx's signed link (mediaLink). */
  public readonly mediaDelivery: MediaDelivery;
  public readonly mediaPresignSeconds: number;
  public readonly mediaLink: MediaLinkSettings | undefined;
  /** The keyring (design 9.5), active KEK first; empty: new recordings are stored unencrypted. */
  public readonly encryptionKeys: readonly KekEntry[];
  /** Evidence export bundles (design 9.6). */
  public readonly exports: ExportSettings;
  /** Coverage of answered calls by stored recordings (design 9.7). */
  public readonly coverage: CoverageSettings;
  /** Second factor (design 9.9). */
  public readonly identity: IdentitySettings;
  /** OpenID Connect single sign-on (design 9.9); undefined when OIDC_ISSUER is unset. */
  public readonly oidc: OidcSettings | undefined;
  /** Roles that may sign in with a local password; the others must use single sign-on. */
  public readonly passwordLoginRoles: readonly Role[];

  /** Every setting is required here, so a setting added to the class but not read from the environment does not compile. */
  public constructor(settings: AppSettings) {
    this.nodeEnv = settings.nodeEnv;
    this.appRole = settings.appRole;
    this.host = settings.host;
    this.port = settings.port;
    this.publicBaseUrl = settings.publicBaseUrl;
    this.databaseUrl = settings.databaseUrl;
    this.redisUrl = settings.redisUrl;
    this.jwtSecret = settings.jwtSecret;
    this.jwtSecretGenerated = settings.jwtSecretGenerated;
    this.jwtTtlSeconds = settings.jwtTtlSeconds;
    this.mediaTokenTtlSeconds = settings.mediaTokenTtlSeconds;
    this.accountCacheSeconds = settings.accountCacheSeconds;
    this.recordingsDir = settings.recordingsDir;
    this.adminDistDir = settings.adminDistDir;
    this.migrationsDir = settings.migrationsDir;
    this.migrateOnStart = settings.migrateOnStart;
    this.adminEmail = settings.adminEmail;
    this.adminPassword = settings.adminPassword;
    this.loginMaxFailures = settings.loginMaxFailures;
    this.loginFailureWindowSeconds = settings.loginFailureWindowSeconds;
    this.logLevel = settings.logLevel;
    this.twilio = settings.twilio;
    this.recordingFormat = settings.recordingFormat;
    this.deleteAtSource = settings.deleteAtSource;
    this.downloadAttempts = settings.downloadAttempts;
    this.downloadBackoffMs = settings.downloadBackoffMs;
    this.downloadBackoffMaxMs = settings.downloadBackoffMaxMs;
    this.downloadConcurrency = settings.downloadConcurrency;
    this.webhookConcurrency = settings.webhookConcurrency;
    this.maintenanceConcurrency = settings.maintenanceConcurrency;
    this.playbackEndConcurrency = settings.playbackEndConcurrency;
    this.queueLockMs = settings.queueLockMs;
    this.queueStalledCheckMs = settings.queueStalledCheckMs;
    this.reconcileLookbackHours = settings.reconcileLookbackHours;
    this.reconcileCron = settings.reconcileCron;
    this.reconcileGraceSeconds = settings.reconcileGraceSeconds;
    this.reconcileStuckSeconds = settings.reconcileStuckSeconds;
    this.retentionCron = settings.retentionCron;
    this.cronEnabled = settings.cronEnabled;
    this.auditSigningKeyFile = settings.auditSigningKeyFile;
    this.auditCheckpointSeconds = settings.auditCheckpointSeconds;
    this.outcomeLockHours = settings.outcomeLockHours;
    this.trustProxy = settings.trustProxy;
    this.metricsToken = settings.metricsToken;
    this.rateLimitPerMinute = settings.rateLimitPerMinute;
    this.mediaDeniedPerMinute = settings.mediaDeniedPerMinute;
    this.streamMaxRangeBytes = settings.streamMaxRangeBytes;
    this.playbackSessionSeconds = settings.playbackSessionSeconds;
    this.webhookMaxAttempts = settings.webhookMaxAttempts;
    this.webhookEventRetentionDays = settings.webhookEventRetentionDays;
    this.defaultPhoneRegion = settings.defaultPhoneRegion;
    this.importSpoolDir = settings.importSpoolDir;
    this.importMaxErrors = settings.importMaxErrors;
    this.importMaxBytes = settings.importMaxBytes;
    this.webhookAllowPrivate = settings.webhookAllowPrivate;
    this.webhookDeliveryDelaysMs = settings.webhookDeliveryDelaysMs;
    this.webhookDeliveryTimeoutMs = settings.webhookDeliveryTimeoutMs;
    this.webhookDeliveryConcurrency = settings.webhookDeliveryConcurrency;
    this.storageDriver = settings.storageDriver;
    this.s3 = settings.s3;
    this.mediaDelivery = settings.mediaDelivery;
    this.mediaPresignSeconds = settings.mediaPresignSeconds;
    this.mediaLink = settings.mediaLink;
    this.encryptionKeys = settings.encryptionKeys;
    this.exports = settings.exports;
    this.coverage = settings.coverage;
    this.identity = settings.identity;
    this.oidc = settings.oidc;
    this.passwordLoginRoles = settings.passwordLoginRoles;
  }

  /** The configuration of this process: its environment, with optional overrides. */
  public static fromProcess(overrides: Record<string, string> = {}): AppConfig {
    return AppConfig.fromEnv({ ...process.env, ...overrides });
  }

  public static fromEnv(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
    const r = new EnvReader(env);
    const nodeEnv = r.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
    // 0 lets the OS pick a port: handy for workers, whose HTTP side only serves health and metrics.
    const port = r.int('PORT', 3000, { min: 0, max: 65535 });
    const jwtSecretRaw = readSecret(r, 'JWT_SECRET');
    const metricsToken = readSecret(r, 'METRICS_TOKEN');
    const { trustProxy, trustProxySet } = readTrustProxy(r);
    const twilio = readTwilio(r);
    if (nodeEnv === 'production') {
      checkProduction(r, {
        jwtSecret: jwtSecretRaw,
        metricsToken,
        trustProxySet,
        emulatorCredentials: twilio.emulator || twilio.authToken === EMULATOR_DEFAULTS.authToken,
        emulatorAllowed: r.bool('TWILIO_EMULATOR_ALLOWED', false),
      });
    }
    const { adminEmail, adminPassword } = readFirstAdmin(r);

    // 127.0.0.1 rather than localhost: the emulator's callbacks must not try ::1 first.
    const publicBaseUrl = r.url('PUBLIC_BASE_URL', `http://127.0.0.1:${port}`, ['http', 'https']);

    const config = new AppConfig({
      nodeEnv,
      appRole: r.oneOf('APP_ROLE', APP_ROLES, 'all'),
      host: r.string('HOST', '0.0.0.0'),
      port,
      publicBaseUrl,
      databaseUrl: r.url('DATABASE_URL', 'postgresql://postgres@127.0.0.1:5432/callrec', ['postgres', 'postgresql']),
      redisUrl: r.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis', 'rediss']),
      jwtSecret: jwtSecretRaw ?? randomBytes(48).toString('base64url'),
      jwtSecretGenerated: jwtSecretRaw === undefined,
      jwtTtlSeconds: r.int('JWT_TTL_SECONDS', 8 * 3600, { min: 60 }),
      mediaTokenTtlSeconds: r.int('MEDIA_TOKEN_TTL_SECONDS', 300, { min: 10, max: 3600 }),
      accountCacheSeconds: r.int('ACCOUNT_CACHE_SECONDS', 5, { min: 0, max: 3600 }),
      recordingsDir: resolve(cwd, r.string('RECORDINGS_DIR', 'recordings')),
      adminDistDir: resolve(cwd, r.string('ADMIN_DIST_DIR', 'dist/apps/admin/browser')),
      migrationsDir: resolve(cwd, r.string('MIGRATIONS_DIR', 'prisma/migrations')),
      migrateOnStart: r.bool('MIGRATE_ON_START', true),
      adminEmail,
      adminPassword,
      loginMaxFailures: r.int('LOGIN_MAX_FAILURES', 5, { min: 1 }),
      loginFailureWindowSeconds: r.int('LOGIN_FAILURE_WINDOW_SECONDS', 900, { min: 1 }),
      logLevel: r.oneOf(
        'LOG_LEVEL',
        ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
        nodeEnv === 'test' ? 'warn' : 'info',
      ),
      twilio,
      recordingFormat: r.oneOf('RECORDING_FORMAT', RECORDING_FORMATS, 'wav'),
      deleteAtSource: r.bool('DELETE_AT_SOURCE', false),
      downloadAttempts: r.int('DOWNLOAD_ATTEMPTS', 8, { min: 1, max: 50 }),
      downloadBackoffMs: r.int('DOWNLOAD_BACKOFF_MS', 2000, { min: 10 }),
      downloadBackoffMaxMs: r.int('DOWNLOAD_BACKOFF_MAX_MS', 5 * 60_000, { min: 10 }),
      downloadConcurrency: r.int('DOWNLOAD_CONCURRENCY', 4, { min: 1, max: 64 }),
      webhookConcurrency: r.int('WEBHOOK_CONCURRENCY', 4, { min: 1, max: 64 }),
      maintenanceConcurrency: r.int('MAINTENANCE_CONCURRENCY', 1, { min: 1, max: 16 }),
      playbackEndConcurrency: r.int('PLAYBACK_END_CONCURRENCY', 2, { min: 1, max: 64 }),
      queueLockMs: r.int('QUEUE_LOCK_MS', 30_000, { min: 1000 }),
      queueStalledCheckMs: r.int('QUEUE_STALLED_CHECK_MS', 15_000, { min: 500 }),
      reconcileLookbackHours: r.int('RECONCILE_LOOKBACK_HOURS', 24, { min: 1, max: 24 * 40 }),
      reconcileCron: r.string('RECONCILE_CRON', '*/10 * * * *'),
      reconcileGraceSeconds: r.int('RECONCILE_GRACE_SECONDS', 120, { min: 0 }),
      reconcileStuckSeconds: r.int('RECONCILE_STUCK_SECONDS', 600, { min: 1 }),
      retentionCron: r.string('RETENTION_CRON', '0 2 * * *'),
      cronEnabled: r.bool('CRON_ENABLED', true),
      auditSigningKeyFile: resolve(cwd, r.string('AUDIT_SIGNING_KEY_FILE', 'keys/audit-signing-key.pem')),
      auditCheckpointSeconds: r.int('AUDIT_CHECKPOINT_SECONDS', 60, { min: 1, max: 86_400 }),
      outcomeLockHours: r.int('OUTCOME_LOCK_HOURS', 24, { min: 0, max: 24 * 365 }),
      trustProxy,
      metricsToken,
      rateLimitPerMinute: r.int('RATE_LIMIT_PER_MINUTE', 600, { min: 1 }),
      mediaDeniedPerMinute: r.int('MEDIA_DENIED_PER_MINUTE', 30, { min: 1, max: 100_000 }),
      streamMaxRangeBytes: r.int('STREAM_MAX_RANGE_BYTES', 1024 * 1024, { min: 64 * 1024, max: 1024 ** 3 }),
      playbackSessionSeconds: r.int('PLAYBACK_SESSION_SECONDS', 30 * 60, { min: 10, max: 24 * 3600 }),
      webhookMaxAttempts: r.int('WEBHOOK_MAX_ATTEMPTS', 36, { min: 1, max: 10_000 }),
      webhookEventRetentionDays: r.int('WEBHOOK_EVENT_RETENTION_DAYS', 30, { min: 1, max: 3650 }),
      defaultPhoneRegion: readPhoneRegion(r),
      importSpoolDir: resolve(cwd, r.string('IMPORT_SPOOL_DIR', 'imports')),
      importMaxErrors: r.int('IMPORT_MAX_ERRORS', 1000, { min: 1, max: 100_000 }),
      importMaxBytes: r.int('IMPORT_MAX_BYTES', 512 * 1024 * 1024, { min: 1024 }),
      webhookAllowPrivate: r.bool('WEBHOOK_ALLOW_PRIVATE', false),
      webhookDeliveryDelaysMs: r.intList('WEBHOOK_DELIVERY_DELAYS_MS', DEFAULT_WEBHOOK_DELIVERY_DELAYS_MS, { min: 10 }),
      webhookDeliveryTimeoutMs: r.int('WEBHOOK_DELIVERY_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
      webhookDeliveryConcurrency: r.int('WEBHOOK_DELIVERY_CONCURRENCY', 4, { min: 1, max: 64 }),
      ...readStorage(r),
      ...readEncryption(r, cwd),
      ...readExports(r, cwd),
      ...readCoverage(r),
      ...readIdentity(r, nodeEnv),
      ...readOidc(r, { nodeEnv, publicBaseUrl }),
    });
    if (r.problems.length > 0) {
      throw new ConfigValidationError(r.problems);
    }
    return config;
  }

  public get runsApi(): boolean {
    return this.appRole !== 'worker';
  }

  public get runsWorker(): boolean {
    return this.appRole !== 'api';
  }
}
