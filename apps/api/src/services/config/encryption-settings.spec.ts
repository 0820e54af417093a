import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { EncryptionSettings, readEncryption, SecretKey } from './encryption-settings';
import { EnvReader } from './env.reader';

const K1 = randomBytes(32).toString('base64');
const K2 = randomBytes(32).toString('base64');

function read(env: Record<string, string>, cwd = tmpdir()): { settings: EncryptionSettings; problems: readonly string[] } {
  const reader = new EnvReader(env);
  const settings = readEncryption(reader, cwd);
  return { settings, problems: reader.problems };
}

function ids(settings: EncryptionSettings): string[] {
  return settings.encryptionKeys.map((entry) => entry.id);
}

describe('readEncryption (ENCRYPTION_KEYS, ENCRYPTION_KEYS_FILE)', () => {
  it('is off with neither set', () => {
    expect(read({})).toEqual({ settings: { encryptionKeys: [] }, problems: [] });
  });

  it('reads a keyring, the active key first, with its bytes', () => {
    const { settings, problems } = read({ ENCRYPTION_KEYS: ` k2:${K2} , k1:${K1}` });
    expect(problems).toEqual([]);
    expect(ids(settings)).toEqual(['k2', 'k1']);
    expect(settings.encryptionKeys[0].key.reveal().equals(Buffer.from(K2, 'base64'))).toBe(true);
    expect(settings.encryptionKeys[1].key.reveal().equals(Buffer.from(K1, 'base64'))).toBe(true);
  });

  it('takes the URL-safe alphabet and a key without padding', () => {
    const urlSafe = K1.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const { settings, problems } = read({ ENCRYPTION_KEYS: `k1:${urlSafe}` });
    expect(problems).toEqual([]);
    expect(settings.encryptionKeys[0].key.reveal().equals(Buffer.from(K1, 'base64'))).toBe(true);
  });

  it('reads a file with comments, blank lines, CRLF and commas, relative to the working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'callrec-keys-'));
    writeFileSync(
      join(dir, 'keys'),
      `# active first\r\n\r\nk2:${K2}  # added in March\r\n\nk1:${K1},k0:${randomBytes(32).toString('base64')}\n`,
    );
    const { settings, problems } = read({ ENCRYPTION_KEYS_FILE: 'keys' }, dir);
    expect(problems).toEqual([]);
    expect(ids(settings)).toEqual(['k2', 'k1', 'k0']);
  });

  it('says when the file cannot be read, without its contents', () => {
    const { problems } = read({ ENCRYPTION_KEYS_FILE: '/nonexistent/callrec-keys' });
    expect(problems).toEqual(['ENCRYPTION_KEYS_FILE /nonexistent/callrec-keys cannot be read (ENOENT)']);
  });

  it('refuses both set', () => {
    expect(read({ ENCRYPTION_KEYS: `k1:${K1}`, ENCRYPTION_KEYS_FILE: 'keys' }).problems).toEqual([
      'Set ENCRYPTION_KEYS or ENCRYPTION_KEYS_FILE, not both',
    ]);
  });

  it('refuses a file that holds only comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'callrec-keys-'));
    writeFileSync(join(dir, 'keys'), `# k1:${K1}\n\n`);
    expect(read({ ENCRYPTION_KEYS_FILE: 'keys' }, dir).problems).toEqual([
      'ENCRYPTION_KEYS_FILE holds no keys: give at least one id:base64(32 bytes), the active key first',
    ]);
  });

  const short = randomBytes(16).toString('base64');
  const long = randomBytes(48).toString('base64');
  const bad = `${K1.slice(0, 20)}!${K1.slice(21)}`;
  it.each([
    ['bad base64', `k1:${bad}`, 'ENCRYPTION_KEYS entry 1 ("k1") is not 32 bytes of base64 (make one with: openssl rand -base64 32)'],
    [
      'a short key',
      `k1:${K1},k2:${short}`,
      'ENCRYPTION_KEYS entry 2 ("k2") is not 32 bytes of base64 (make one with: openssl rand -base64 32)',
    ],
    ['a long key', `k1:${long}`, 'ENCRYPTION_KEYS entry 1 ("k1") is not 32 bytes of base64 (make one with: openssl rand -base64 32)'],
    ['a duplicate id', `k1:${K1},k1:${K2}`, 'ENCRYPTION_KEYS entry 2 ("k1"): the id is used twice'],
    [
      'a bad id',
      `k 1:${K1}`,
      'ENCRYPTION_KEYS entry 1 must be id:base64 with an id of letters, digits, dots, dashes and underscores (at most 64)',
    ],
    ['no id', K1, 'ENCRYPTION_KEYS entry 1 must be id:base64 with an id of letters, digits, dots, dashes and underscores (at most 64)'],
    [
      'an id too long',
      `${'k'.repeat(65)}:${K1}`,
      'ENCRYPTION_KEYS entry 1 must be id:base64 with an id of letters, digits, dots, dashes and underscores (at most 64)',
    ],
  ])('refuses %s, naming the entry and never its key text', (_what, value, message) => {
    const { problems } = read({ ENCRYPTION_KEYS: value });
    expect(problems).toEqual([message]);
    for (const secret of [K1, K2, short, long, bad, K1.slice(0, 12), K2.slice(0, 12)]) {
      expect(problems.join('\n')).not.toContain(secret);
    }
  });

  it('never prints key bytes: JSON, util.inspect, String() and templates say [redacted]', () => {
    const { settings } = read({ ENCRYPTION_KEYS: `k1:${K1}` });
    const entry = settings.encryptionKeys[0];
    const hex = Buffer.from(K1, 'base64').toString('hex');
    const printed = [
      JSON.stringify(settings),
      JSON.stringify(entry.key),
      inspect(settings, { depth: 10, showHidden: true }),
      inspect(entry.key),
      String(entry.key),
      `${entry.key}`,
    ];
    for (const text of printed) {
      expect(text).toContain('redacted');
      expect(text).not.toContain(K1);
      expect(text).not.toContain(hex);
    }
    expect(JSON.stringify(entry)).toBe('{"id":"k1","key":"[redacted]"}');
    expect(inspect(entry.key)).toBe('SecretKey [redacted]');
    expect(String(entry.key)).toBe('[redacted]');
  });

  it('keeps its own copy of the bytes', () => {
    const bytes = randomBytes(32);
    const key = new SecretKey(bytes);
    const copy = Buffer.from(bytes);
    bytes.fill(0);
    expect(key.reveal().equals(copy)).toBe(true);
  });
});
