import { AppConfig, ConfigValidationError, EMULATOR_DEFAULTS } from './app-config';

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
    expect(AppConfig.fromEnv({})).toMatchObject({ mediaDeniedPerMinute: 30, streamMaxRangeBytes: 1024 * 1024, playbackSessionSeconds: 1800 });
    expect(() => AppConfig.fromEnv({ STREAM_MAX_RANGE_BYTES: '1000' })).toThrow('STREAM_MAX_RANGE_BYTES must be an integer ≥ 65536');
    expect(() => AppConfig.fromEnv({ MEDIA_DENIED_PER_MINUTE: '0' })).toThrow('MEDIA_DENIED_PER_MINUTE must be an integer ≥ 1');
    expect(() => AppConfig.fromEnv({ PLAYBACK_SESSION_SECONDS: 'soon' })).toThrow('PLAYBACK_SESSION_SECONDS must be an integer');
  });

  it('refuses short secrets and passwords', () => {
    expect(() => AppConfig.fromEnv({ JWT_SECRET: 'short' })).toThrow('JWT_SECRET must be at least 32 characters');
    expect(() => AppConfig.fromEnv({ ADMIN_PASSWORD: 'short' })).toThrow('ADMIN_PASSWORD must be at least 12 characters');
  });
});
