import { CheckpointPayload, checkpointBytes, parseCheckpoint } from '@callrec/evidence';
import { AUDIT_FILE, isRecord } from './bundle-format';

/** One `{"type":"event"}` line of audit.jsonl, as hashed by the API. */
export interface AuditLine {
  line: number;
  seq: number;
  at: string;
  actorId: string | null;
  apiKeyId: string | null;
  action: string;
  recordingId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditFile {
  events: AuditLine[];
  checkpoint?: { payload: CheckpointPayload; signature: Buffer; line: number };
  /** Lines that are not well-formed events or a well-formed checkpoint. */
  problems: string[];
}

const HASH = /^[0-9a-f]{64}$/;
const STRING_OR_NULL = ['actorId', 'recordingId', 'ip', 'userAgent'] as const;

export function parseAuditFile(bytes: Buffer | undefined): AuditFile {
  const audit: AuditFile = { events: [], problems: [] };
  if (!bytes) {
    audit.problems.push(`${AUDIT_FILE} is missing`);
    return audit;
  }
  const lines = bytes.toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((text, index) => {
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      audit.problems.push(`line ${line} is not JSON`);
      return;
    }
    if (!isRecord(value)) audit.problems.push(`line ${line} is not a JSON object`);
    else if (audit.checkpoint) audit.problems.push(`line ${line} follows the checkpoint, which must be the last line`);
    else if (value['type'] === 'event') parseEvent(value, line, audit);
    else if (value['type'] === 'checkpoint') parseCheckpointLine(value, line, audit);
    else audit.problems.push(`line ${line} has type ${JSON.stringify(value['type'])}`);
  });
  if (!audit.checkpoint && bytes.length) audit.problems.push(`${AUDIT_FILE} has no checkpoint line`);
  return audit;
}

function parseEvent(value: Record<string, unknown>, line: number, audit: AuditFile): void {
  const { seq, at, action, prevHash, hash } = value;
  const bad: string[] = [];
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) bad.push('seq');
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || new Date(at).toISOString() !== at) bad.push('at');
  if (typeof action !== 'string' || !action) bad.push('action');
  if (typeof prevHash !== 'string' || !HASH.test(prevHash)) bad.push('prevHash');
  if (typeof hash !== 'string' || !HASH.test(hash)) bad.push('hash');
  for (const field of STRING_OR_NULL) if (!isStringOrNull(value[field])) bad.push(field);
  if (value['apiKeyId'] !== undefined && !isStringOrNull(value['apiKeyId'])) bad.push('apiKeyId');
  if (bad.length) {
    audit.problems.push(`line ${line} is an event with a missing or malformed ${bad.join(', ')}`);
    return;
  }
  audit.events.push({
    line,
    seq: seq as number,
    at: at as string,
    actorId: value['actorId'] as string | null,
    apiKeyId: (value['apiKeyId'] as string | null | undefined) ?? null,
    action: action as string,
    recordingId: value['recordingId'] as string | null,
    ip: value['ip'] as string | null,
    userAgent: value['userAgent'] as string | null,
    details: value['details'] ?? null,
    prevHash: prevHash as string,
    hash: hash as string,
  });
}

function parseCheckpointLine(value: Record<string, unknown>, line: number, audit: AuditFile): void {
  const payload = value['payload'];
  // Re-reading the canonical bytes applies the API's own rules for a well-formed payload.
  const parsed = isRecord(payload) ? parseCheckpoint(checkpointBytes(payload as unknown as CheckpointPayload)) : null;
  const signature = typeof value['signature'] === 'string' ? Buffer.from(value['signature'], 'base64') : null;
  if (!parsed) audit.problems.push(`line ${line} is a checkpoint with a malformed payload (seq, hash, at, keyId)`);
  else if (!signature || signature.length !== 64 || signature.toString('base64') !== value['signature']) {
    audit.problems.push(`line ${line} is a checkpoint whose signature is not the base64 of 64 bytes`);
  } else audit.checkpoint = { payload: parsed, signature, line };
}

function isStringOrNull(value: unknown): boolean {
  return value === null || typeof value === 'string';
}
