import { AppConfig } from './app-config';

describe('MEDIA_DELIVERY=nginx (signed links nginx checks itself)', () => {
  const secret = 'a'.repeat(32);
  const env = (more: Record<string, string> = {}) => ({
    MEDIA_DELIVERY: 'nginx',
    MEDIA_LINK_SECRET: secret,
    TRUST_PROXY: 'loopback',
    ...more,
  });

  it('reads the link settings with their defaults, and none for the other deliveries', () => {
    expect(AppConfig.fromEnv(env()).mediaLink).toEqual({
      secret,
      prefix: '/media/',
      seconds: 120,
    });
    expect(AppConfig.fromEnv(env({ MEDIA_LINK_PREFIX: '/audio/v1/', MEDIA_LINK_SECONDS: '30' })).mediaLink).toEqual({
      secret,
      prefix: '/audio/v1/',
      seconds: 30,
    });
    expect(AppConfig.fromEnv({ MEDIA_LINK_SECRET: secret })).toMatchObject({ mediaDelivery: 'proxy', mediaLink: undefined });
  });

  it('needs a long secret, a path prefix and a short lifetime', () => {
    expect(() => AppConfig.fromEnv({ MEDIA_DELIVERY: 'nginx', TRUST_PROXY: 'loopback' })).toThrow(
      'MEDIA_LINK_SECRET of at least 32 characters is required when MEDIA_DELIVERY=nginx',
    );
    expect(() => AppConfig.fromEnv(env({ MEDIA_LINK_SECRET: 'short' }))).toThrow('MEDIA_LINK_SECRET of at least 32 characters');
    for (const prefix of ['media/', '/media', 'https://cdn.example/media/', '/me dia/', '/../']) {
      expect(() => AppConfig.fromEnv(env({ MEDIA_LINK_PREFIX: prefix }))).toThrow('MEDIA_LINK_PREFIX must be');
    }
    expect(() => AppConfig.fromEnv(env({ MEDIA_LINK_SECONDS: '86400' }))).toThrow('MEDIA_LINK_SECONDS must be an integer ≥ 10 and ≤ 3600');
  });

  it("needs TRUST_PROXY: behind nginx, the socket's address is always nginx's", () => {
    for (const trust of [undefined, 'false']) {
      expect(() => AppConfig.fromEnv({ ...env(), TRUST_PROXY: trust })).toThrow('MEDIA_DELIVERY=nginx needs TRUST_PROXY');
    }
    expect(() => AppConfig.fromEnv(env({ MEDIA_LINK_PREFIX: '/api/media/' }))).toThrow('MEDIA_LINK_PREFIX must lie outside /api/');
  });
});
