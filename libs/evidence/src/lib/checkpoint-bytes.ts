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

const HASH = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;

export function checkpointBytes(payload: CheckpointPayload): Buffer {
  return Buffer.from(canonicalJson({ at: payload.at, hash: payload.hash, keyId: payload.keyId, seq: payload.seq }), 'utf8');
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
