import { Injectable } from '@nestjs/common';
import { AuditCheckpointDto, AuditVerifyResult } from '@callrec/contracts';
import { PrismaService } from '../../services/prisma/prisma.service';
import { anchorProblem, CheckpointPayload } from './audit-checkpoint';
import { AuditCheckpointArchive } from './audit-checkpoint.archive';
import { auditHash, GENESIS_HASH } from './audit-hash';

const VERIFY_BATCH = 5000;

interface ChainRow {
  id: string;
  seq: number;
  hash: string;
}

/**
 * Proves the audit trail has not been altered: every link recomputes, every checkpoint the
 * database holds is signed by our key and matches its event, and the chain still contains the
 * newest checkpoint in the recording store. The last is what catches a database superuser who
 * cut or rewrote the tail behind the triggers' back and recomputed the hashes.
 */
@Injectable()
export class AuditVerifyService {
  public constructor(
    private readonly prisma: PrismaService,
    private readonly archive: AuditCheckpointArchive,
  ) {}

  public async verify(): Promise<AuditVerifyResult> {
    // Read before the walk: a stored checkpoint only covers events committed before it was
    // written, so an untouched chain read afterwards always reaches it.
    const stored = await this.archive.newest();
    const anchor = stored.kind === 'valid' ? stored.payload : null;
    const checkpoint = stored.kind === 'none' || !stored.payload ? null : toDto(stored.payload);

    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    let anchorHash: string | null = null;
    let databaseProblem: string | undefined;
    for (;;) {
      const rows = await this.prisma.auditEvent.findMany({
        where: { seq: { gte: expectedSeq } },
        orderBy: { seq: 'asc' },
        take: VERIFY_BATCH,
      });
      if (rows.length === 0) break;
      for (const row of rows) {
        const problem = linkProblem(row, expectedSeq, prevHash, auditHash(prevHash, row));
        if (problem) return { ok: false, checked, firstBrokenId: row.id, checkpoint, problem };
        if (row.seq === anchor?.seq) anchorHash = row.hash;
        prevHash = row.hash;
        expectedSeq += 1;
        checked += 1;
      }
      databaseProblem ??= await this.databaseCheckpointProblem(rows);
    }

    const problem =
      (stored.kind === 'invalid' ? stored.problem : undefined) ??
      (anchor ? anchorProblem(anchor, checked, anchorHash) : undefined) ??
      databaseProblem;
    return problem ? { ok: false, checked, checkpoint, problem } : { ok: true, checked, checkpoint };
  }

  /**
   * The database's checkpoints of this batch's events: a forged or altered one, or one whose
   * event changed, is evidence too. Their absence proves nothing (whoever cut the tail can
   * delete them), which is why the store's copy is the anchor.
   */
  private async databaseCheckpointProblem(rows: ChainRow[]): Promise<string | undefined> {
    const checkpoints = await this.prisma.auditCheckpoint.findMany({
      where: { seq: { gte: rows[0].seq, lte: rows[rows.length - 1].seq } },
      orderBy: { seq: 'asc' },
    });
    if (checkpoints.length === 0) return undefined;
    const hashes = new Map(rows.map((row) => [row.seq, row.hash]));
    for (const row of checkpoints) {
      const payload: CheckpointPayload = { seq: row.seq, hash: row.hash, at: row.at.toISOString(), keyId: row.keyId };
      if (!this.archive.isOwnKey(payload)) continue;
      if (!this.archive.signatureHolds({ payload, signature: Buffer.from(row.signature, 'base64') })) {
        return `The database's checkpoint of event ${row.seq} has a signature that does not verify with this server's key: it was altered or forged`;
      }
      const problem = anchorProblem(payload, rows[rows.length - 1].seq, hashes.get(row.seq) ?? null, 'in the database');
      if (problem) return problem;
    }
    return undefined;
  }
}

function linkProblem(row: ChainRow & { prevHash: string }, expectedSeq: number, prevHash: string, recomputed: string): string | undefined {
  if (row.seq !== expectedSeq) {
    return `Event ${expectedSeq} is missing from the audit trail (the next one is event ${row.seq}): events were removed`;
  }
  if (row.prevHash !== prevHash) {
    return `Event ${row.seq} does not link to the event before it: an earlier event was changed, removed or inserted`;
  }
  if (recomputed !== row.hash) {
    return `Event ${row.seq} no longer matches its hash: it was changed`;
  }
  return undefined;
}

function toDto(payload: CheckpointPayload): AuditCheckpointDto {
  return { seq: payload.seq, hash: payload.hash, at: payload.at };
}
