import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event that its hash covers. */
export interface HashedAuditFields {
  seq: number;
  at: Date;
  actorId: string | null;
  /** The API key that acted (design 9.10); left out of the hash when null, so older links verify. */
  apiKeyId?: string | null;
  action: string;
  recordingId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
}

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value ?? null);
  }
  if (value instanceof Date) {
    return JSON.stringify(value.toISOString());
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** SHA-256 over the previous link's hash and this event's canonical JSON. */
export function auditHash(prevHash: string, event: HashedAuditFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update(
      canonicalJson({
        seq: event.seq,
        at: event.at.toISOString(),
        actorId: event.actorId,
        apiKeyId: event.apiKeyId ?? undefined,
        action: event.action,
        recordingId: event.recordingId,
        ip: event.ip,
        userAgent: event.userAgent,
        details: event.details ?? {},
      }),
    )
    .digest('hex');
}
