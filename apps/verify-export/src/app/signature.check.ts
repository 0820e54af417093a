import { keyIdOf } from '@callrec/evidence';
import { createPublicKey, KeyObject, verify } from 'node:crypto';
import { check, CheckResult, PUBLIC_KEY_FILE, SUMS_FILE, SUMS_SIG_FILE } from './bundle-format';
import { ZipBundle } from './zip-bundle.reader';

export interface SigningKey {
  key: KeyObject;
  keyId: string;
}

const ED25519_SIGNATURE_BYTES = 64;

/** Reads an SPKI PEM Ed25519 public key; anything else is refused with the reason. */
export function readPublicKey(pem: Buffer | string, where: string): { key?: SigningKey; problem?: string } {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    return { problem: `${where} is not a PEM public key: ${(error as Error).message}` };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { problem: `${where} holds a ${key.asymmetricKeyType} key, not Ed25519` };
  return { key: { key, keyId: keyIdOf(key) } };
}

export function bundleKey(zip: ZipBundle): { key?: SigningKey; problem?: string } {
  const pem = zip.files.get(PUBLIC_KEY_FILE);
  return pem ? readPublicKey(pem, PUBLIC_KEY_FILE) : { problem: `${PUBLIC_KEY_FILE} is missing` };
}

/** SHA256SUMS.sig is the raw Ed25519 signature over the exact bytes of SHA256SUMS. */
export function checkSumsSignature(zip: ZipBundle, key: SigningKey | undefined, keyProblem: string | undefined): CheckResult {
  const title = 'SHA256SUMS.sig is a valid Ed25519 signature over SHA256SUMS by public-key.pem';
  const sums = zip.files.get(SUMS_FILE);
  const signature = zip.files.get(SUMS_SIG_FILE);
  const problems: string[] = [];
  if (!key) problems.push(keyProblem ?? `${PUBLIC_KEY_FILE} is unusable`);
  if (!sums) problems.push(`${SUMS_FILE} is missing`);
  if (!signature) problems.push(`${SUMS_SIG_FILE} is missing`);
  else if (signature.length !== ED25519_SIGNATURE_BYTES) {
    problems.push(`${SUMS_SIG_FILE} is ${signature.length} bytes; a raw Ed25519 signature is ${ED25519_SIGNATURE_BYTES}`);
  }
  if (!problems.length && key && sums && signature && !verify(null, sums, key.key, signature)) {
    problems.push(`the signature does not match SHA256SUMS under key ${key.keyId}: SHA256SUMS or its signature was changed`);
  }
  return check(title, problems, key ? [`key id ${key.keyId}`] : []);
}

/** With --public-key, the bundle must be signed by exactly that key. */
export function checkPinnedKey(key: SigningKey | undefined, pinned: SigningKey, pinnedPath: string): CheckResult {
  const title = `The bundle's key is the pinned key (${pinnedPath})`;
  if (!key) return check(title, [`the bundle has no usable ${PUBLIC_KEY_FILE}`]);
  const same = key.key.export({ type: 'spki', format: 'der' }).equals(pinned.key.export({ type: 'spki', format: 'der' }));
  return check(title, same ? [] : [`the bundle is signed by key ${key.keyId}, the pinned key is ${pinned.keyId}`], [
    `key id ${pinned.keyId}`,
  ]);
}
