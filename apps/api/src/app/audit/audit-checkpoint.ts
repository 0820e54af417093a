import type { EvidencePrefix } from '../../services/storage/recording-store';
import { canonicalJson } from './audit-hash';

/**
 * What a checkpoint signs: the chain's head (`seq`, `hash`), when it was signed (`at`) and
 * which key signed it. The signature covers exactly `checkpointBytes(payload)`, the bytes
 * written to `audit-checkpoints/<seq>.json`, so `openssl pkeyutl -verify -rawin` can check
 * the stored file as it is.
 */
export interface CheckpointPayload {
  seq: number;
  hash: string;
  /** ISO 8601 time of signing. */
  at: string;
  keyId: string;
}

export interface SignedCheckpoint {
  payload: CheckpointPayload;
  /** Raw 64-byte Ed25519 signature over `checkpointBytes(payload)`. */
  signature: Buffer;
}

export const CHECKPOINT_PREFIX: EvidencePrefix = 'audit-checkpoints/';

const SEQ_DIGITS = 12;
const HASH = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const JSON_KEY = /^audit-checkpoints\/(\d{12})\.json$/;

export function checkpointBytes(payload: CheckpointPayload): Buffer {
  return Buffer.from(canonicalJson({ at: payload.at, hash: payload.hash, keyId: payload.keyId, seq: payload.seq }), 'utf8');
}

/** The two store objects of one checkpoint: the signed bytes and the raw signature. */
export function checkpointKeys(seq: number): { json: string; sig: string } {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq >= 10 ** SEQ_DIGITS) {
    throw new Error(`No checkpoint key for event ${seq}`);
  }
  const name = `${CHECKPOINT_PREFIX}${seq.toString().padStart(SEQ_DIGITS, '0')}`;
  return { json: `${name}.json`, sig: `${name}.sig` };
}

/** The seq a checkpoint's `.json` key names, or null for any other key. */
export function seqOfCheckpointKey(key: string): number | null {
  const match = JSON_KEY.exec(key);
  return match ? Number(match[1]) : null;
}

/**
 * Reads stored checkpoint bytes back. Anything but exactly the canonical bytes of a
 * well-formed payload is refused: the signature is checked over the bytes as stored, and an
 * auditor's openssl sees those same bytes.
 */
export function parseCheckpoint(bytes: Buffer): CheckpointPayload | null {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { seq, hash, at, keyId } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return null;
  if (typeof hash !== 'string' || !HASH.test(hash)) return null;
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) return null;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || new Date(at).toISOString() !== at) return null;
  const payload: CheckpointPayload = { seq: seq as number, hash, at, keyId };
  return checkpointBytes(payload).equals(bytes) ? payload : null;
}

/**
 * Why the chain in the database does not contain the checkpointed event, or undefined when
 * it does. `chainEnd` is the newest seq in the database (0 when empty); `hashAtSeq` is the
 * hash of the event at the checkpoint's seq, or null when there is none.
 */
export function anchorProblem(
  checkpoint: CheckpointPayload,
  chainEnd: number,
  hashAtSeq: string | null,
  where = 'in the recording store',
): string | undefined {
  const signed = `the checkpoint signed at ${checkpoint.at} ${where}`;
  if (chainEnd < checkpoint.seq) {
    const trail = chainEnd === 0 ? 'The audit trail is empty' : `The audit trail ends at event ${chainEnd}`;
    return `${trail} but ${signed} covers event ${checkpoint.seq}: events were removed`;
  }
  if (hashAtSeq === null) {
    return `Event ${checkpoint.seq}, which ${signed} covers, is missing from the audit trail: events were removed`;
  }
  if (hashAtSeq !== checkpoint.hash) {
    return `Event ${checkpoint.seq} no longer has the hash that ${signed} records: the audit trail was rewritten`;
  }
  return undefined;
}
