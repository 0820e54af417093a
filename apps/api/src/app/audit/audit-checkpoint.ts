import type { EvidencePrefix } from '../../services/storage/recording-store';
import type { CheckpointPayload } from '@callrec/evidence';

// The signed bytes and their parser live in libs/evidence, shared with the offline bundle verifier.
export { checkpointBytes, parseCheckpoint } from '@callrec/evidence';
export type { CheckpointPayload } from '@callrec/evidence';

export interface SignedCheckpoint {
  payload: CheckpointPayload;
  /** Raw 64-byte Ed25519 signature over `checkpointBytes(payload)`. */
  signature: Buffer;
}

export const CHECKPOINT_PREFIX: EvidencePrefix = 'audit-checkpoints/';

const SEQ_DIGITS = 12;
const JSON_KEY = /^audit-checkpoints\/(\d{12})\.json$/;

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
