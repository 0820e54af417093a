import { Injectable } from '@nestjs/common';
import { RecordingStore } from '../../services/storage/recording-store';
import { RecordingStores } from '../../services/storage/recording-stores';
import { SigningKeyService } from '../../services/signing/signing-key.service';
import {
  CHECKPOINT_PREFIX,
  checkpointBytes,
  checkpointKeys,
  CheckpointPayload,
  parseCheckpoint,
  seqOfCheckpointKey,
  SignedCheckpoint,
} from './audit-checkpoint';

/** The newest checkpoint in the recording store, as verify and the signer see it. */
export type StoredCheckpoint =
  | { kind: 'none' }
  | { kind: 'valid'; key: string; payload: CheckpointPayload }
  /** Unreadable, unsigned, or its signature fails; `payload` when the bytes could be read. */
  | { kind: 'invalid'; key: string; payload: CheckpointPayload | null; problem: string };

/**
 * The copies of checkpoints kept in the recording store, outside the database: the ones
 * verify trusts, because someone who can write the database can neither change them (they
 * are write-once) nor forge new ones (they have no key).
 */
@Injectable()
export class AuditCheckpointArchive {
  /**
   * Checkpoints go where new recordings go: with S3 that is the bucket, under Object Lock when
   * it is on (design 9.4). After a switch of STORAGE_DRIVER the chain is anchored afresh there
   * by the next checkpoint; the earlier ones stay where they were written.
   */
  private readonly store: RecordingStore;

  public constructor(
    stores: RecordingStores,
    private readonly signing: SigningKeyService,
  ) {
    this.store = stores.primary;
  }

  /**
   * Writes both objects of a checkpoint, the signature first: a `.json` in the store always
   * has its `.sig`, so readers take the `.json` as the sign that a checkpoint is complete.
   * Idempotent: rewriting the same bytes after a crash is a no-op.
   */
  public async publish(checkpoint: SignedCheckpoint): Promise<void> {
    const keys = checkpointKeys(checkpoint.payload.seq);
    await this.store.putEvidence(keys.sig, checkpoint.signature);
    await this.store.putEvidence(keys.json, checkpointBytes(checkpoint.payload));
  }

  /** Whether this server's key signed these bytes. Checkpoints of another key cannot be checked here. */
  public signatureHolds(checkpoint: SignedCheckpoint): boolean {
    try {
      return this.signing.verify(checkpointBytes(checkpoint.payload), checkpoint.signature);
    } catch {
      return false;
    }
  }

  public isOwnKey(payload: CheckpointPayload): boolean {
    return payload.keyId === this.signing.keyId;
  }

  /** Reads the checkpoint with the highest seq and checks its form and signature. */
  public async newest(): Promise<StoredCheckpoint> {
    let seq = 0;
    for await (const key of this.store.listEvidence(CHECKPOINT_PREFIX)) {
      seq = Math.max(seq, seqOfCheckpointKey(key) ?? 0);
    }
    if (seq === 0) return { kind: 'none' };
    const keys = checkpointKeys(seq);
    const invalid = (payload: CheckpointPayload | null, problem: string): StoredCheckpoint => ({
      kind: 'invalid',
      key: keys.json,
      payload,
      problem,
    });
    const [json, signature] = await Promise.all([this.store.getEvidence(keys.json), this.store.getEvidence(keys.sig)]);
    const payload = json ? parseCheckpoint(json) : null;
    if (!payload || payload.seq !== seq) {
      return invalid(null, `The newest checkpoint in the recording store, ${keys.json}, is not a well-formed checkpoint of event ${seq}`);
    }
    if (!signature) {
      return invalid(payload, `The newest checkpoint in the recording store, ${keys.json}, has no signature (${keys.sig})`);
    }
    // A checkpoint of an earlier key (lost or replaced) is checked offline with that key's public key.
    if (this.isOwnKey(payload) && !this.signatureHolds({ payload, signature })) {
      return invalid(
        payload,
        `The signature of the newest checkpoint in the recording store (${keys.json}, event ${seq}) does not verify with this server's key: it was altered or not signed by this product`,
      );
    }
    return { kind: 'valid', key: keys.json, payload };
  }
}
