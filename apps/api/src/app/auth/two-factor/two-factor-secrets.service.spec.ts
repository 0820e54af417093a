import { hkdfSync, randomBytes } from 'node:crypto';
import { SigningKeyService } from '../../../services/signing/signing-key.service';
import { TotpSecretUnreadableError, TwoFactorSecretsService } from './two-factor-secrets.service';

/** Only deriveSecret is used: HKDF over random bytes, as the real key file's would be. */
function secretsWith(ikm: Buffer): TwoFactorSecretsService {
  const signing = { deriveSecret: (purpose: string) => Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), purpose, 32)) };
  return new TwoFactorSecretsService(signing as unknown as SigningKeyService);
}

describe('TwoFactorSecretsService', () => {
  const ikm = randomBytes(32);

  it('seals a secret so that the bytes do not show it, and opens it again for the same account only', () => {
    const secrets = secretsWith(ikm);
    const sealed = secrets.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('JBSWY3DPEHPK3PXP');
    expect(secrets.open(sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => secrets.open(sealed, 'user-2')).toThrow(TotpSecretUnreadableError);
  });

  it('refuses altered bytes and another key', () => {
    const sealed = secretsWith(ikm).seal('JBSWY3DPEHPK3PXP', 'user-1');
    const altered = Uint8Array.from(sealed);
    altered[20] ^= 1;
    expect(() => secretsWith(ikm).open(altered, 'user-1')).toThrow(TotpSecretUnreadableError);
    expect(() => secretsWith(randomBytes(32)).open(sealed, 'user-1')).toThrow(TotpSecretUnreadableError);
  });

  it('hashes recovery codes with a key: the same code alike, another key differently', () => {
    expect(secretsWith(ikm).hashRecoveryCode('abcdefghjk')).toBe(secretsWith(ikm).hashRecoveryCode('abcdefghjk'));
    expect(secretsWith(ikm).hashRecoveryCode('abcdefghjk')).not.toBe(secretsWith(randomBytes(32)).hashRecoveryCode('abcdefghjk'));
  });
});
