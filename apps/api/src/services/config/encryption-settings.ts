import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inspect } from 'node:util';
import { EnvReader } from './env.reader';

/**
 * Key bytes that cannot leak by accident: JSON, util.inspect, String() and template strings all
 * print `[redacted]`; only `reveal()` gives the bytes, and only the keyring calls it.
 */
export class SecretKey {
  readonly #bytes: Buffer;

  public constructor(bytes: Buffer) {
    this.#bytes = Buffer.from(bytes);
  }

  public reveal(): Buffer {
    return this.#bytes;
  }

  public toJSON(): string {
    return '[redacted]';
  }

  public toString(): string {
    return '[redacted]';
  }

  public [inspect.custom](): string {
    return 'SecretKey [redacted]';
  }
}

/** One key-encryption key of the keyring: its id (stored beside every DEK it wraps) and its bytes. */
export interface KekEntry {
  id: string;
  key: SecretKey;
}

export interface EncryptionSettings {
  /**
   * The keyring of ENCRYPTION_KEYS or ENCRYPTION_KEYS_FILE (design 9.5), the active KEK first.
   * Empty: new recordings are stored unencrypted (and encrypted ones cannot be read).
   */
  encryptionKeys: readonly KekEntry[];
}

export const KEK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KEK_BYTES = 32;

/**
 * `id:base64(32 bytes)` entries separated by commas (or by lines, in the file, where `#` starts a
 * comment). Problems name the variable and the entry's position and id, never its bytes.
 */
export function readEncryption(r: EnvReader, cwd: string): EncryptionSettings {
  const inline = r.raw('ENCRYPTION_KEYS');
  const file = r.optionalString('ENCRYPTION_KEYS_FILE');
  if (inline !== undefined && file !== undefined) {
    r.fail('Set ENCRYPTION_KEYS or ENCRYPTION_KEYS_FILE, not both');
    return { encryptionKeys: [] };
  }
  if (file !== undefined) {
    const path = resolve(cwd, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      r.fail(`ENCRYPTION_KEYS_FILE ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return { encryptionKeys: [] };
    }
    // \r too: a file edited on Windows would otherwise keep its comments (`.` stops at \r).
    const entries = text
      .split(/\r?\n|\r/)
      .map((line) => line.replace(/#.*$/, ''))
      .flatMap((line) => line.split(','));
    return { encryptionKeys: parseKeyring(r, 'ENCRYPTION_KEYS_FILE', entries) };
  }
  return { encryptionKeys: inline === undefined ? [] : parseKeyring(r, 'ENCRYPTION_KEYS', inline.split(',')) };
}

function parseKeyring(r: EnvReader, name: string, rawEntries: string[]): KekEntry[] {
  const entries = rawEntries.map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) {
    r.fail(`${name} holds no keys: give at least one id:base64(32 bytes), the active key first`);
    return [];
  }
  const keyring: KekEntry[] = [];
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const where = `${name} entry ${index + 1}${KEK_ID_PATTERN.test(id) ? ` ("${id}")` : ''}`;
    if (!KEK_ID_PATTERN.test(id)) {
      r.fail(`${where} must be id:base64 with an id of letters, digits, dots, dashes and underscores (at most 64)`);
      return;
    }
    const bytes = decodeKey(entry.slice(colon + 1));
    if (bytes === null) {
      r.fail(`${where} is not ${KEK_BYTES} bytes of base64 (make one with: openssl rand -base64 ${KEK_BYTES})`);
      return;
    }
    if (keyring.some((known) => known.id === id)) {
      r.fail(`${where}: the id is used twice`);
      return;
    }
    keyring.push({ id, key: new SecretKey(bytes) });
  });
  return keyring;
}

/** Strict base64 (standard or URL alphabet): exactly 32 bytes, nothing Node would silently skip. */
function decodeKey(text: string): Buffer | null {
  const body = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(body)) return null;
  const bytes = Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== KEK_BYTES) return null;
  return bytes.toString('base64').replace(/=+$/, '') === body.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '') ? bytes : null;
}
