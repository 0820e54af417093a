import { randomBytes } from 'node:crypto';

export type SidPrefix = 'CA' | 'RE';

/** Twilio SIDs are a two-letter type prefix followed by 32 lowercase hex digits. */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}
