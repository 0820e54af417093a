import { ConflictException, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { AuditCheckpointDto } from '@callrec/contracts';
import { AuditCheckpoint } from '../../generated/prisma/client';
import { PrismaService } from '../../services/prisma/prisma.service';
import { SigningKeyService } from '../../services/signing/signing-key.service';
import { EvidenceConflictError } from '../../services/storage/recording-store';
import { anchorProblem, checkpointBytes, CheckpointPayload, SignedCheckpoint } from './audit-checkpoint';
import { AuditCheckpointArchive } from './audit-checkpoint.archive';
import { asError, errorMessage } from '../../common/errors/error-message';

/**
 * Signs checkpoints of the audit chain's head (design 9.1) and keeps each one twice: a row in
 * AuditCheckpoint, for listing, and two write-once objects in the recording store, which are
 * what proves later that no event at or before the checkpoint was removed or rewritten.
 */
@Injectable()
export class AuditCheckpointService {
  private readonly logger = new Logger(AuditCheckpointService.name);

  public constructor(
    private readonly prisma: PrismaService,
    private readonly signing: SigningKeyService,
    private readonly archive: AuditCheckpointArchive,
  ) {}

  /** The newest checkpoint, signing the head first when it is not covered yet. */
  public async checkpoint(): Promise<AuditCheckpointDto> {
    const checkpoint = await this.checkpointIfAdvanced();
    if (!checkpoint) throw new ConflictException('The audit trail is empty: there is no event to checkpoint yet');
    return checkpoint;
  }

  /**
   * Signs the head when it has moved past the newest checkpoint; returns the newest checkpoint
   * either way, or null while the trail is empty. Processes may race: the primary key on seq
   * picks one winner, and only the winner writes the store copy.
   */
  public async checkpointIfAdvanced(): Promise<AuditCheckpointDto | null> {
    const [head] = await this.prisma.$queryRaw<{ seq: number; hash: string }[]>`
      SELECT seq, hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;
    if (!head) return null;
    const last = await this.prisma.auditCheckpoint.findFirst({ orderBy: { seq: 'desc' } });
    if (last && last.seq >= head.seq) {
      await this.republish(last);
      return toDto(last);
    }
    const signed = await this.sign(head.seq, head.hash, head.seq);
    return toDto(signed.payload);
  }

  /**
   * Signs a checkpoint at exactly this event, which need not be the head (an evidence export
   * checkpoints its own EXPORT_BUILT event, design 9.6), kept like every checkpoint: the row and
   * the write-once copy in the recording store. When the event is checkpointed already (the
   * periodic job got there first), that checkpoint is the answer.
   */
  public async checkpointAt(seq: number, hash: string): Promise<SignedCheckpoint> {
    const event = await this.prisma.auditEvent.findUnique({ where: { seq }, select: { hash: true } });
    if (event?.hash !== hash) throw new ConflictException(`Audit event ${seq} with hash ${hash} is not in the audit trail`);
    const existing = await this.prisma.auditCheckpoint.findUnique({ where: { seq } });
    if (existing) {
      await this.republish(existing);
      return signedOf(existing);
    }
    const [head] = await this.prisma.$queryRaw<{ seq: number }[]>`SELECT seq FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;
    return this.sign(seq, hash, head.seq);
  }

  /**
   * The one way a checkpoint is made: checked against the store's newest, signed, recorded (the
   * primary key on seq picks one winner of a race) and, by the winner only, written to the store.
   */
  private async sign(seq: number, hash: string, headSeq: number): Promise<SignedCheckpoint> {
    await this.assertExtendsStoredCheckpoint(headSeq);
    const payload: CheckpointPayload = { seq, hash, at: new Date().toISOString(), keyId: this.signing.keyId };
    const signature = this.signing.sign(checkpointBytes(payload));
    const { count } = await this.prisma.auditCheckpoint.createMany({
      data: [
        { seq: payload.seq, hash: payload.hash, at: new Date(payload.at), keyId: payload.keyId, signature: signature.toString('base64') },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return signedOf(await this.prisma.auditCheckpoint.findUniqueOrThrow({ where: { seq } }));
    await this.publish({ payload, signature });
    this.logger.log(`Signed a checkpoint of audit event ${payload.seq} with key ${payload.keyId}`);
    return { payload, signature };
  }

  /**
   * A signer that extended a trail which no longer holds the store's newest checkpoint would
   * sign over the removal: the fresh checkpoint would then hide the cut from verify.
   */
  private async assertExtendsStoredCheckpoint(headSeq: number): Promise<void> {
    const stored = await this.archive.newest();
    if (stored.kind === 'none') return;
    if (stored.kind === 'invalid') throw new ConflictException(`No new checkpoint is signed: ${stored.problem}`);
    const event = await this.prisma.auditEvent.findUnique({ where: { seq: stored.payload.seq }, select: { hash: true } });
    const problem = anchorProblem(stored.payload, headSeq, event?.hash ?? null);
    if (problem) {
      this.logger.error(`Refusing to sign a new audit checkpoint: ${problem}`);
      throw new ConflictException(`No new checkpoint is signed: ${problem}`);
    }
  }

  /**
   * Writes the newest database checkpoint to the store again, in case the process that signed
   * it stopped before the store had it. Same bytes, so it is a no-op when the copy is there.
   */
  private async republish(row: AuditCheckpoint): Promise<void> {
    const checkpoint = signedOf(row);
    if (!this.archive.isOwnKey(checkpoint.payload)) return;
    if (!this.archive.signatureHolds(checkpoint)) {
      this.logger.error(
        `The database's checkpoint of audit event ${row.seq} has a signature that does not verify; not copying it to the store`,
      );
      return;
    }
    await this.publish(checkpoint);
  }

  private async publish(checkpoint: SignedCheckpoint): Promise<void> {
    const seq = checkpoint.payload.seq;
    try {
      await this.archive.publish(checkpoint);
    } catch (error) {
      if (error instanceof EvidenceConflictError) {
        this.logger.error(`Checkpoint of audit event ${seq} conflicts with the store: ${error.message}`);
        throw new ConflictException(`The recording store already holds a different checkpoint of event ${seq}: ${error.message}`);
      }
      this.logger.error(`Could not write the checkpoint of audit event ${seq} to the store: ${errorMessage(error)}`, asError(error).stack);
      throw new ServiceUnavailableException(
        `The checkpoint of event ${seq} is signed but could not be written to the recording store; the next checkpoint run writes it`,
      );
    }
  }
}

function toDto(row: Pick<AuditCheckpoint, 'seq' | 'hash'> & { at: Date | string }): AuditCheckpointDto {
  return { seq: row.seq, hash: row.hash, at: typeof row.at === 'string' ? row.at : row.at.toISOString() };
}

function signedOf(row: AuditCheckpoint): SignedCheckpoint {
  return {
    payload: { seq: row.seq, hash: row.hash, at: row.at.toISOString(), keyId: row.keyId },
    signature: Buffer.from(row.signature, 'base64'),
  };
}
