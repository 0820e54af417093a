import { createHash, KeyObject } from 'node:crypto';

/** First 16 hex digits of the SHA-256 of the public key's SPKI DER: names the key in checkpoints and bundles. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}
