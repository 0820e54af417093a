import { createHash } from 'node:crypto';

/**
 * A keyring entry for tests, `id:base64(32 bytes)`, derived from the id so that two apps of one
 * suite given the same id share the key (as two replicas given the same ENCRYPTION_KEYS do).
 */
export function testKek(id: string): string {
  return `${id}:${createHash('sha256').update(`callrec-test-kek:${id}`).digest('base64')}`;
}

/** ENCRYPTION_KEYS for a test app: the first id is the active KEK. */
export function testKeyring(...ids: string[]): { ENCRYPTION_KEYS: string } {
  return { ENCRYPTION_KEYS: ids.map(testKek).join(',') };
}
