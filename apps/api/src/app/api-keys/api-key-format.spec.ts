import { apiKeyPrefix, hashApiKey, isApiKeyCredential, isWellFormedApiKey, newApiKey } from './api-key-format';

describe('API key format', () => {
  it('is crk_ and 43 base64url characters, with a 12-character prefix and a SHA-256 hex hash', () => {
    const { key, prefix, keyHash } = newApiKey();
    expect(key).toMatch(/^crk_[A-Za-z0-9_-]{43}$/);
    expect(prefix).toBe(key.slice(0, 12));
    expect(prefix.startsWith('crk_')).toBe(true);
    expect(keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(keyHash).toBe(hashApiKey(key));
    expect(keyHash).not.toContain(key.slice(4));
  });

  it('never issues the same key twice', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newApiKey().key));
    expect(keys.size).toBe(100);
  });

  it('tells a key from a session token by its mark', () => {
    expect(isApiKeyCredential(newApiKey().key)).toBe(true);
    expect(isApiKeyCredential('crk_short')).toBe(true);
    expect(isApiKeyCredential('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(false);
    expect(isApiKeyCredential('CRK_abc')).toBe(false);
  });

  it('accepts only the shape it issues', () => {
    const { key } = newApiKey();
    expect(isWellFormedApiKey(key)).toBe(true);
    expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false);
    expect(isWellFormedApiKey(`${key}A`)).toBe(false);
    expect(isWellFormedApiKey(`${key.slice(0, -1)}=`)).toBe(false);
    expect(isWellFormedApiKey(`crk_${'+'.repeat(43)}`)).toBe(false);
    expect(isWellFormedApiKey(`xyz_${key.slice(4)}`)).toBe(false);
  });

  it('keeps the prefix short of the secret', () => {
    expect(apiKeyPrefix('crk_ABCDEFGHIJKLMNOP')).toBe('crk_ABCDEFGH');
  });
});
