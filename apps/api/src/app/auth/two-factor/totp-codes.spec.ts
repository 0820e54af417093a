import { newRecoveryCodes, newTotpSecret, otpauthUriOf, readCode, timeStepOf } from './totp-codes';

// RFC 6238 appendix B, SHA-1: the ASCII secret "12345678901234567890", base32-encoded; the
// last six digits of its eight-digit codes.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP codes', () => {
  it('finds the time step of the RFC 6238 test vectors, and one step either side of now', () => {
    expect(timeStepOf(RFC_SECRET, '287082', 59)).toBe(1);
    expect(timeStepOf(RFC_SECRET, '081804', 1111111109)).toBe(37037036);
    // The same code 30 s later (clock drift, a slow typist) and 30 s earlier still counts, as that step.
    expect(timeStepOf(RFC_SECRET, '081804', 1111111109 + 30)).toBe(37037036);
    expect(timeStepOf(RFC_SECRET, '081804', 1111111109 - 30)).toBe(37037036);
    expect(timeStepOf(RFC_SECRET, '081804', 1111111109 + 90)).toBeNull();
    expect(timeStepOf(RFC_SECRET, '000000', 1111111109)).toBeNull();
  });

  it('reads six digits as a TOTP code and two groups of five as a recovery code, however they are spaced', () => {
    expect(readCode(' 123 456 ')).toEqual({ kind: 'totp', code: '123456' });
    expect(readCode('ABCDE-FGHJK')).toEqual({ kind: 'recovery', code: 'abcdefghjk' });
    expect(readCode('abcde fghjk')).toEqual({ kind: 'recovery', code: 'abcdefghjk' });
    expect(readCode('12345')).toBeNull();
    expect(readCode('1234567')).toBeNull();
    // 0, o, 1, l, i and u are not in the recovery alphabet.
    expect(readCode('abcde-fghi0')).toBeNull();
  });

  it('makes ten distinct recovery codes that read back as recovery codes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(readCode(code)?.kind).toBe('recovery');
    }
  });

  it('makes a 160-bit base32 secret and an otpauth URI that names the product and the account', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUriOf(secret, 'jane@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Call Recordings:jane@example.com');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Call Recordings');
  });
});
