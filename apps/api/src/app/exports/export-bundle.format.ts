import { CheckpointPayload, SignedCheckpoint } from '../audit/audit-checkpoint';

/*
 * Evidence bundle format v1 (design 9.6; the contract with the offline verifier is
 * /work/notes/export-format.md, summarised in the README): names, lines and documents of a
 * bundle, as pure functions, so the worker and its tests agree on every byte.
 */

export const BUNDLE_FORMAT = 'callrec-evidence-export';
export const BUNDLE_VERSION = 1;

const E164 = /^\+\d{1,15}$/;

/** `[a-z0-9-]`, dashes collapsed and trimmed, at most `max` characters; `fallback` when nothing is left. */
export function slug(text: string | null | undefined, max: number, fallback: string): string {
  const cleaned = (text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return cleaned || fallback;
}

/** `YYYY-MM-DDTHH-MM-SSZ`: an ISO instant without the characters file systems refuse. */
export function fileDate(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
}

export interface AudioNaming {
  placedAt: Date;
  agentName: string | null;
  toNumber: string;
  recordingSid: string;
  storageKey: string;
}

/** `wav` or `mp3`, as the stored object's key says (an encrypted object's `.enc` is not part of the audio's name). */
export function audioExtension(storageKey: string): 'wav' | 'mp3' {
  return storageKey.replace(/\.enc$/, '').endsWith('.mp3') ? 'mp3' : 'wav';
}

/** `recordings/<date>_<agent>_<to>_<RecordingSid>.<ext>`; unique, as the SID is in it. */
export function audioPath(input: AudioNaming): string {
  // A number as stored (+15551234567); an erased number's pseudonym (erased:…) is slugged.
  const to = E164.test(input.toNumber) ? input.toNumber : slug(input.toNumber, 60, 'unknown');
  const sid = input.recordingSid.replace(/[^A-Za-z0-9]/g, '');
  return `recordings/${fileDate(input.placedAt)}_${slug(input.agentName, 40, 'unknown')}_${to}_${sid}.${audioExtension(input.storageKey)}`;
}

export function metadataPath(recordingSid: string): string {
  return `metadata/${recordingSid.replace(/[^A-Za-z0-9]/g, '')}.json`;
}

/** Pretty JSON with a final newline, as every JSON document of the bundle is written. */
export function prettyJson(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

export interface AuditEventRow {
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  apiKeyId: string | null;
  action: string;
  recordingId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
}

/** One line of audit.jsonl for an event; `actorName` is for readers and is not part of the hash. */
export function auditEventLine(row: AuditEventRow): string {
  return `${JSON.stringify({
    type: 'event',
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    apiKeyId: row.apiKeyId,
    action: row.action,
    recordingId: row.recordingId,
    ip: row.ip,
    userAgent: row.userAgent,
    details: row.details ?? {},
    prevHash: row.prevHash,
    hash: row.hash,
  })}\n`;
}

/** The last line of audit.jsonl: the signed checkpoint at this export's EXPORT_BUILT event. */
export function checkpointLine(checkpoint: SignedCheckpoint): string {
  const payload: CheckpointPayload = checkpoint.payload;
  return `${JSON.stringify({
    type: 'checkpoint',
    payload: { seq: payload.seq, hash: payload.hash, at: payload.at, keyId: payload.keyId },
    signature: checkpoint.signature.toString('base64'),
  })}\n`;
}

export interface SummedEntry {
  path: string;
  sha256: string;
}

/** `sha256sum` text: `<64 hex>  <path>` (two spaces), one line per entry, in entry order. */
export function sha256Sums(entries: readonly SummedEntry[]): Buffer {
  return Buffer.from(entries.map((entry) => `${entry.sha256}  ${entry.path}\n`).join(''), 'utf8');
}
