import { AppConfig } from './app-config';

describe('MEDIA_DELIVERY=nginx (signed links nginx checks itself)', () => {
  const secret = 'a'.repeat(32);

  it('reads the link settings with their defaults, and none for the other deliveries', () => {
    expect(AppConfig.fromEnv({ MEDIA_DELIVERY: 'nginx', MEDIA_LINK_SECRET: secret }).mediaLink).toEqual({
      secret,
      prefix: '/media/',
      seconds: 120,
    });
    expect(
      AppConfig.fromEnv({ MEDIA_DELIVERY: 'nginx', MEDIA_LINK_SECRET: secret, MEDIA_LINK_PREFIX: '/audio/v1/', MEDIA_LINK_SECONDS: '30' })
        .mediaLink,
    ).toEqual({
      secret,
      prefix: '/audio/v1/',
      seconds: 30,
    });
    expect(AppConfig.fromEnv({ MEDIA_LINK_SECRET: secret })).toMatchObject({ mediaDelivery: 'proxy', mediaLink: undefined });
  });

  it('needs a long secret, a path prefix and a short lifetime', () => {
    expect(() => AppConfig.fromEnv({ MEDIA_DELIVERY: 'nginx' })).toThrow(
      'MEDIA_LINK_SECRET of at least 32 characters is required when MEDIA_DELIVERY=nginx',
    );
    expect(() => AppConfig.fromEnv({ MEDIA_DELIVERY: 'nginx', MEDIA_LINK_SECRET: 'short' })).toThrow(
      'MEDIA_LINK_SECRET of at least 32 characters',
    );
    for (const prefix of ['media/', '/media', 'https://cdn.example/media/', '/me dia/', '/../']) {
      expect(() => AppConfig.fromEnv({ MEDIA_DELIVERY: 'nginx', MEDIA_LINK_SECRET: secret, MEDIA_LINK_PREFIX: prefix })).toThrow(
        'MEDIA_LINK_PREFIX must be',
      );
    }
    expect(() => AppConfig.fromEnv({ MEDIA_DELIVERY: 'nginx', MEDIA_LINK_SECRET: secret, MEDIA_LINK_SECONDS: '86400' })).toThrow(
      'MEDIA_LINK_SECONDS must be an integer ≥ 10 and ≤ 3600',
    );
  });
});
