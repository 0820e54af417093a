import { createHash, randomBytes } from 'node:crypto';

/** Marks a bearer credential as an API key rather than a session token (a JWT never starts so). */
export const API_KEY_MARK = 'crk_';
/** Characters of the key kept in clear, so people can tell keys apart in lists and logs. */
export const API_KEY_PREFIX_LENGTH = 12;
const SECRET_BYTES = 32;
/** crk_ and the base64url of 32 random bytes (43 characters, no padding). */
const API_KEY_PATTERN = /^crk_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey {
  /** Shown once to whoever created it; never stored. */
  key: string;
  prefix: string;
  keyHash: string;
}

/**
 * A fresh key. 256 random bits need no slow hash: a plain SHA-256 cannot be guessed back, and it
 * lets a request find its key by an indexed equality lookup, so no comparison of secrets happens
 * in our code to leak time.
 */
export function newApiKey(): NewApiKey {
  const key = `${API_KEY_MARK}${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { key, prefix: apiKeyPrefix(key), keyHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX_LENGTH);
}

/** The bearer credential is meant as an API key (whether or not it is a valid one). */
export function isApiKeyCredential(token: string): boolean {
  return token.startsWith(API_KEY_MARK);
}

/** The credential has the shape of a key we issue; anything else is refused without a lookup. */
export function isWellFormedApiKey(token: string): boolean {
  return API_KEY_PATTERN.test(token);
}
