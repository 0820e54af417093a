import { generateSecret, generateURI, verifySync } from 'otplib';
import { randomInt } from 'node:crypto';

/** What authenticator apps show above the account name. */
export const TOTP_ISSUER = 'Call Recordings';
export const RECOVERY_CODE_COUNT = 10;
// RFC 6238 defaults, which every authenticator supports: SHA-1, 6 digits, 30 s steps.
const PERIOD_SECONDS = 30;
// Crockford-like: no 0/o, 1/l/i, u (no words, nothing misread when copied from paper).
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstvwxyz23456789';
const RECOVERY_GROUP = 5;

/** A code as typed, sorted into the two kinds the sign-in accepts. */
export type TypedCode = { kind: 'totp'; code: string } | { kind: 'recovery'; code: string };

/** Spaces and dashes are what people type between groups; case does not matter. */
export function readCode(input: string): TypedCode | null {
  const compact = input.replace(/[\s-]/g, '').toLowerCase();
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', code: compact };
  if (compact.length === RECOVERY_GROUP * 2 && [...compact].every((c) => RECOVERY_ALPHABET.includes(c))) {
    return { kind: 'recovery', code: compact };
  }
  return null;
}

/** A new 160-bit secret (RFC 4226's recommended length), base32 as authenticators take it. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function otpauthUriOf(secret: string, email: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret, period: PERIOD_SECONDS });
}

/**
 * The RFC 6238 time step the code belongs to, within one step either side of `nowSeconds`
 * (clocks drift, and people type slowly), or null when it matches none of them.
 */
export function timeStepOf(secret: string, code: string, nowSeconds = Math.floor(Date.now() / 1000)): number | null {
  const result = verifySync({ secret, token: code, epoch: nowSeconds, epochTolerance: PERIOD_SECONDS, period: PERIOD_SECONDS });
  // The union also covers HOTP's result, which has no time step.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Ten codes of two groups of five (49 bits each), shown once as `xxxxx-xxxxx`. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: RECOVERY_GROUP * 2 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
    return `${chars.slice(0, RECOVERY_GROUP).join('')}-${chars.slice(RECOVERY_GROUP).join('')}`;
  });
}
