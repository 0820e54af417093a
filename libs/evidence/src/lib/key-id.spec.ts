import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf } from './key-id';

describe('keyIdOf', () => {
  it('is the first 16 hex digits of the SHA-256 of the SPKI DER, as openssl and sha256sum compute it', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' });
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: pem });
    const sum = execFileSync('sha256sum', { input: der }).toString('utf8');
    expect(keyIdOf(publicKey)).toBe(sum.slice(0, 16));
    expect(keyIdOf(publicKey)).toMatch(/^[0-9a-f]{16}$/);
  });
});
