import { ObjectLockMode } from '../../../services/config/app-config';

/**
 * Why the bucket would refuse to delete this recording's object now, in words that end a
 * sentence starting with the recording's SID; null when nothing locks it. The same facts as
 * LOCKED_IN_STORE (object-lock/deciding-policy.sql.ts), read from one row.
 */
export function objectLockRefusal(
  row: { lockedUntil: Date | null; objectLegalHold: boolean },
  mode: ObjectLockMode,
  now = new Date(),
): string | null {
  const how = mode === 'off' ? 'Object Lock' : `Object Lock (${mode})`;
  if (row.lockedUntil && row.lockedUntil > now) {
    return `is protected by ${how} in the bucket until ${row.lockedUntil.toISOString()}; it cannot be deleted before then`;
  }
  if (row.objectLegalHold) {
    return `is under an S3 legal hold in the bucket that has not been lifted yet (its legal hold was released moments ago); try again shortly`;
  }
  return null;
}
