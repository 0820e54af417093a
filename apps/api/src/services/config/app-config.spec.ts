import { AppConfig, AppSettings, ConfigValidationError, EMULATOR_DEFAULTS } from './app-config';

describe('AppConfig.fromEnv', () => {
  it('gives working local defaults with the bundled emulator when nothing is set', () => {
    const config = AppConfig.fromEnv({}, '/srv/app');
    expect(config).toMatchObject({
      port: 3000,
      appRole: 'all',
      databaseUrl: 'postgresql://postgres@127.0.0.1:5432/callrec',
      redisUrl: 'redis://127.0.0.1:6379',
      publicBaseUrl: 'http://127.0.0.1:3000',
      recordingsDir: '/srv/app/recordings',
      recordingFormat: 'wav',
      jwtSecretGenerated: true,
    });
    expect(config.twilio).toMatchObject({
      emulator: true,
      accountSid: EMULATOR_DEFAULTS.accountSid,
      apiBaseUrl: `http://127.0.0.1:${EMULATOR_DEFAULTS.port}`,
    });
  });

  it('uses the real Twilio API when an account is configured', () => {
    const config = AppConfig.fromEnv({
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'secret',
      PUBLIC_BASE_URL: 'https://calls.example.com/',
    });
    expect(config.twilio).toMatchObject({ emulator: false, apiBaseUrl: 'https://api.twilio.com', authToken: 'secret' });
    expect(config.publicBaseUrl).toBe('https://calls.example.com');
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      AppConfig.fromEnv({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        APP_ROLE: 'boss',
        TWILIO_ACCOUNT_SID: 'nope',
        DELETE_AT_SOURCE: 'maybe',
        NODE_ENV: 'production',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems.join('\n');
    expect(problems).toContain('PORT must be an integer ≥ 0 and ≤ 65535, got "eighty"');
    expect(problems).toContain('DATABASE_URL must use postgres or postgresql');
    expect(problems).toContain('APP_ROLE must be one of api, worker, all, got "boss"');
    expect(problems).toContain('TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits');
    expect(problems).toContain('TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set');
    expect(problems).toContain('DELETE_AT_SOURCE must be true or false, got "maybe"');
    expect(problems).toContain('JWT_SECRET is required when NODE_ENV=production');
  });

  it('limits refused media requests and play-only responses, with sane bounds', () => {
    expect(AppConfig.fromEnv({})).toMatchObject({
      mediaDeniedPerMinute: 30,
      streamMaxRangeBytes: 1024 * 1024,
      playbackSessionSeconds: 1800,
    });
    expect(() => AppConfig.fromEnv({ STREAM_MAX_RANGE_BYTES: '1000' })).toThrow('STREAM_MAX_RANGE_BYTES must be an integer ≥ 65536');
    expect(() => AppConfig.fromEnv({ MEDIA_DENIED_PER_MINUTE: '0' })).toThrow('MEDIA_DENIED_PER_MINUTE must be an integer ≥ 1');
    expect(() => AppConfig.fromEnv({ PLAYBACK_SESSION_SECONDS: 'soon' })).toThrow('PLAYBACK_SESSION_SECONDS must be an integer');
  });

  it('refuses short secrets and passwords', () => {
    expect(() => AppConfig.fromEnv({ JWT_SECRET: 'short' })).toThrow('JWT_SECRET must be at least 32 characters');
    expect(() => AppConfig.fromEnv({ ADMIN_PASSWORD: 'short' })).toThrow('ADMIN_PASSWORD must be at least 12 characters');
  });

  it('parks webhook events after 36 failed tries and prunes processed ones after 30 days, by default', () => {
    expect(AppConfig.fromEnv({})).toMatchObject({ webhookMaxAttempts: 36, webhookEventRetentionDays: 30 });
    expect(() => AppConfig.fromEnv({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow('WEBHOOK_MAX_ATTEMPTS must be an integer ≥ 1');
    // Pruning within a day would forget events Twilio may still deliver again.
    expect(() => AppConfig.fromEnv({ WEBHOOK_EVENT_RETENTION_DAYS: '0' })).toThrow('WEBHOOK_EVENT_RETENTION_DAYS must be an integer ≥ 1');
  });
});

describe('AppConfig.fromEnv with NODE_ENV=production', () => {
  /** What a careful operator sets: every check below removes one of these or spoils it. */
  const safe = {
    NODE_ENV: 'production',
    JWT_SECRET: 'k3Jq9vX2mZ7pL0aT4yW8eR1uI6oP5sD3fG9hJ2kL7zX4cV8b',
    METRICS_TOKEN: 'Qm8Zr2Lw5Tx9Vb3Nc7Kd1Pf4Hg6Js0Ya2Ue5Io8Rt1Wq3',
    TRUST_PROXY: 'false',
    TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'f1e2d3c4b5a697887766554433221100',
  };
  const problemsOf = (env: Record<string, string | undefined>): string => {
    try {
      AppConfig.fromEnv(env);
    } catch (error) {
      if (error instanceof ConfigValidationError) return error.problems.join('\n');
      throw error;
    }
    return '';
  };

  it('starts with safe settings', () => {
    expect(problemsOf(safe)).toBe('');
    expect(AppConfig.fromEnv(safe)).toMatchObject({ trustProxy: false, metricsToken: safe.METRICS_TOKEN });
  });

  it('refuses the emulator (and its public credentials) unless TWILIO_EMULATOR_ALLOWED=true', () => {
    const emulator = { ...safe, TWILIO_ACCOUNT_SID: undefined, TWILIO_AUTH_TOKEN: undefined };
    expect(problemsOf(emulator)).toContain('TWILIO_EMULATOR_ALLOWED=true is required');
    expect(problemsOf({ ...emulator, TWILIO_EMULATOR_ALLOWED: 'false' })).toContain('TWILIO_EMULATOR_ALLOWED=true is required');
    expect(problemsOf({ ...emulator, TWILIO_EMULATOR_ALLOWED: 'true' })).toBe('');
    // The emulator's published token under a real-looking account is no better.
    expect(problemsOf({ ...safe, TWILIO_AUTH_TOKEN: EMULATOR_DEFAULTS.authToken })).toContain('TWILIO_EMULATOR_ALLOWED=true is required');
  });

  it('refuses a missing, short or example JWT_SECRET, naming it', () => {
    expect(problemsOf({ ...safe, JWT_SECRET: undefined })).toContain('JWT_SECRET is required when NODE_ENV=production');
    expect(problemsOf({ ...safe, JWT_SECRET: 'too-short' })).toContain('JWT_SECRET must be at least 32 characters');
    expect(problemsOf({ ...safe, JWT_SECRET: 'change-me-to-something-long-and-random-please' })).toContain(
      'JWT_SECRET is unsafe for NODE_ENV=production: it contains "change"',
    );
    expect(problemsOf({ ...safe, JWT_SECRET: 'my-super-secret-jwt-key-for-production-2026' })).toContain('JWT_SECRET is unsafe');
    expect(problemsOf({ ...safe, JWT_SECRET: 'a'.repeat(40) })).toContain(
      'JWT_SECRET is unsafe for NODE_ENV=production: it repeats a few characters',
    );
  });

  it('refuses a missing or short METRICS_TOKEN, naming it', () => {
    expect(problemsOf({ ...safe, METRICS_TOKEN: undefined })).toContain('METRICS_TOKEN is required when NODE_ENV=production');
    expect(problemsOf({ ...safe, METRICS_TOKEN: 'short-token' })).toContain('METRICS_TOKEN must be at least 32 characters');
  });

  it('refuses to guess TRUST_PROXY', () => {
    expect(problemsOf({ ...safe, TRUST_PROXY: undefined })).toContain('TRUST_PROXY must be set explicitly when NODE_ENV=production');
    expect(problemsOf({ ...safe, TRUST_PROXY: 'loopback' })).toBe('');
  });

  it('names every problem at once', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    for (const setting of ['JWT_SECRET', 'METRICS_TOKEN', 'TRUST_PROXY', 'TWILIO_EMULATOR_ALLOWED']) expect(problems).toContain(setting);
  });

  it('is lenient outside production: npm start needs no settings', () => {
    expect(problemsOf({})).toBe('');
    expect(problemsOf({ NODE_ENV: 'test' })).toBe('');
  });
});

describe('TRUST_PROXY', () => {
  const trustOf = (value?: string) => AppConfig.fromEnv({ TRUST_PROXY: value }).trustProxy;

  it('defaults to the socket address: no proxy is trusted', () => {
    expect(trustOf(undefined)).toBe(false);
  });

  it('takes what Express accepts: a boolean, a hop count, addresses, CIDRs and keywords', () => {
    expect(trustOf('true')).toBe(true);
    expect(trustOf('FALSE')).toBe(false);
    expect(trustOf('2')).toBe(2);
    expect(trustOf('loopback, 10.0.0.0/8,192.168.1.7, fd00::/8, 172.16.0.0/255.240.0.0')).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      '172.16.0.0/255.240.0.0',
    ]);
  });

  it('names entries it cannot read', () => {
    expect(() => trustOf('loopback, proxy.example.com')).toThrow('cannot read "proxy.example.com"');
    expect(() => trustOf('10.0.0.0/33')).toThrow('TRUST_PROXY must be true, false, a hop count');
    expect(() => trustOf('yes')).toThrow('TRUST_PROXY must be true, false, a hop count');
  });
});

describe('RATE_LIMIT_PER_MINUTE', () => {
  it('has a default and refuses nonsense', () => {
    expect(AppConfig.fromEnv({}).rateLimitPerMinute).toBe(600);
    expect(AppConfig.fromEnv({ RATE_LIMIT_PER_MINUTE: '30' }).rateLimitPerMinute).toBe(30);
    expect(() => AppConfig.fromEnv({ RATE_LIMIT_PER_MINUTE: '0' })).toThrow('RATE_LIMIT_PER_MINUTE must be an integer ≥ 1');
  });
});

describe('new AppConfig', () => {
  /** Every setting of a valid configuration, as the constructor takes them. */
  const settingsOf = (config: AppConfig): AppSettings => ({ ...config });

  it('takes every setting and keeps each one as given', () => {
    const parsed = AppConfig.fromEnv({ APP_ROLE: 'worker', ADMIN_PASSWORD: 'a-long-enough-password' }, '/srv/app');
    const built = new AppConfig(settingsOf(parsed));
    expect(built).toBeInstanceOf(AppConfig);
    expect(built).toEqual(parsed);
    expect(built).toMatchObject({ runsApi: false, runsWorker: true });
  });

  it('refuses at compile time a settings object that forgets one', () => {
    const { webhookConcurrency: _forgotten, ...incomplete } = settingsOf(AppConfig.fromEnv({}));
    // @ts-expect-error webhookConcurrency is missing: a forgotten setting does not compile.
    const built = new AppConfig(incomplete);
    expect(built.webhookConcurrency).toBeUndefined();
  });

  it('needs optional secrets spelled out, even when unset', () => {
    const { metricsToken: _token, ...withoutToken } = settingsOf(AppConfig.fromEnv({}));
    // @ts-expect-error metricsToken may be undefined, but it may not be left out.
    expect(new AppConfig(withoutToken).metricsToken).toBeUndefined();
  });
});

describe('queue concurrency', () => {
  it('defaults to what the processors always ran with', () => {
    expect(AppConfig.fromEnv({})).toMatchObject({
      downloadConcurrency: 4,
      webhookConcurrency: 4,
      maintenanceConcurrency: 1,
      playbackEndConcurrency: 2,
    });
  });

  it('takes each setting from its variable and refuses nonsense', () => {
    const config = AppConfig.fromEnv({ WEBHOOK_CONCURRENCY: '8', MAINTENANCE_CONCURRENCY: '2', PLAYBACK_END_CONCURRENCY: '3' });
    expect(config).toMatchObject({ webhookConcurrency: 8, maintenanceConcurrency: 2, playbackEndConcurrency: 3 });
    expect(() => AppConfig.fromEnv({ WEBHOOK_CONCURRENCY: '0' })).toThrow('WEBHOOK_CONCURRENCY must be an integer ≥ 1');
    expect(() => AppConfig.fromEnv({ MAINTENANCE_CONCURRENCY: 'many' })).toThrow('MAINTENANCE_CONCURRENCY must be an integer');
    expect(() => AppConfig.fromEnv({ PLAYBACK_END_CONCURRENCY: '1000' })).toThrow(
      'PLAYBACK_END_CONCURRENCY must be an integer ≥ 1 and ≤ 64',
    );
  });
});

describe('object storage (design 9.4)', () => {
  const s3 = { STORAGE_DRIVER: 's3', S3_BUCKET: 'call-recordings', S3_ACCESS_KEY_ID: 'AKIA', S3_SECRET_ACCESS_KEY: 'secret' };

  it('keeps recordings on local disk, streamed by the API, unless told otherwise', () => {
    expect(AppConfig.fromEnv({})).toMatchObject({ storageDriver: 'local', s3: undefined, mediaDelivery: 'proxy', mediaPresignSeconds: 60 });
  });

  it('reads the bucket with AWS-like defaults', () => {
    const config = AppConfig.fromEnv({
      ...s3,
      S3_ENDPOINT: 'http://127.0.0.1:7480',
      S3_FORCE_PATH_STYLE: 'true',
      S3_OBJECT_LOCK: 'compliance',
    });
    expect(config.storageDriver).toBe('s3');
    expect(config.s3).toEqual({
      endpoint: 'http://127.0.0.1:7480',
      region: 'us-east-1',
      bucket: 'call-recordings',
      accessKeyId: 'AKIA',
      secretAccessKey: 'secret',
      forcePathStyle: true,
      objectLock: 'compliance',
      evidenceRetainDays: 2557,
    });
  });

  it('knows the bucket without writing to it, for storage:migrate from local disk', () => {
    const config = AppConfig.fromEnv({ S3_BUCKET: 'call-recordings' });
    expect(config.storageDriver).toBe('local');
    expect(config.s3?.bucket).toBe('call-recordings');
  });

  it('names what is missing or wrong', () => {
    expect(() => AppConfig.fromEnv({ STORAGE_DRIVER: 's3' })).toThrow('S3_BUCKET is required when STORAGE_DRIVER=s3');
    expect(() => AppConfig.fromEnv({ STORAGE_DRIVER: 'nfs' })).toThrow('STORAGE_DRIVER must be one of local, s3');
    expect(() => AppConfig.fromEnv({ ...s3, S3_BUCKET: 'Bad_Bucket' })).toThrow('S3_BUCKET must be a bucket name');
    expect(() => AppConfig.fromEnv({ ...s3, S3_SECRET_ACCESS_KEY: undefined })).toThrow(
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together',
    );
    expect(() => AppConfig.fromEnv({ ...s3, S3_OBJECT_LOCK: 'strict' })).toThrow(
      'S3_OBJECT_LOCK must be one of off, governance, compliance',
    );
    expect(() => AppConfig.fromEnv({ ...s3, S3_ENDPOINT: 'ftp://x' })).toThrow('S3_ENDPOINT must use http or https');
    expect(() => AppConfig.fromEnv({ MEDIA_DELIVERY: 'redirect' })).toThrow('MEDIA_DELIVERY=redirect needs STORAGE_DRIVER=s3');
  });
});

describe('coverage (design 9.7)', () => {
  it('counts calls of 5 s or more and alerts below 0.99, by default', () => {
    expect(AppConfig.fromEnv({}).coverage).toEqual({ minSeconds: 5, alertBelow: 0.99 });
  });

  it('takes a ratio between 0 and 1 and names anything else', () => {
    expect(AppConfig.fromEnv({ COVERAGE_ALERT_BELOW: '0.95', COVERAGE_MIN_SECONDS: '0' }).coverage).toEqual({
      minSeconds: 0,
      alertBelow: 0.95,
    });
    expect(() => AppConfig.fromEnv({ COVERAGE_ALERT_BELOW: '95' })).toThrow('COVERAGE_ALERT_BELOW must be a number from 0 to 1, got "95"');
    expect(() => AppConfig.fromEnv({ COVERAGE_ALERT_BELOW: 'high' })).toThrow('COVERAGE_ALERT_BELOW must be a number from 0 to 1');
    expect(() => AppConfig.fromEnv({ COVERAGE_MIN_SECONDS: '-1' })).toThrow('COVERAGE_MIN_SECONDS must be an integer ≥ 0');
  });
});
