import { Injectable, Logger } from '@nestjs/common';
import { AuditAction } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RequestContext } from '../auth/auth-user';
import { auditHash, GENESIS_HASH } from './audit-hash';

export interface AuditEntry {
  action: AuditAction;
  context?: RequestContext;
  /** For system actors (retention sweeps) that have no user. */
  actorId?: string | null;
  recordingId?: string | null;
  details?: Record<string, unknown>;
}

type Tx = Prisma.TransactionClient;

// Serialises appends cluster-wide so two writers can never fork the chain.
const AUDIT_CHAIN_LOCK = 7_243_190_002;

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  public constructor(private readonly prisma: PrismaService) {}

  /**
   * Appends one event to the hash chain. Pass `tx` to make the event part of a larger
   * transaction (a deletion and its tombstone commit or roll back together).
   */
  public async record(entry: AuditEntry, tx?: Tx): Promise<void> {
    if (tx) {
      await this.append(tx, entry);
      return;
    }
    await this.prisma.$transaction((client) => this.append(client, entry));
  }

  /** Like `record`, but a failure is logged rather than failing the caller's request. */
  public async recordQuietly(entry: AuditEntry): Promise<void> {
    try {
      await this.record(entry);
    } catch (error) {
      this.logger.error(`Could not write audit event ${entry.action}: ${(error as Error).message}`, (error as Error).stack);
    }
  }

  /** Appends many events as consecutive links under one lock (e.g. a batch of tombstones). */
  public async recordMany(entries: AuditEntry[], tx: Tx): Promise<void> {
    if (entries.length > 0) await this.append(tx, ...entries);
  }

  private async append(tx: Tx, ...entries: AuditEntry[]): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
    const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const at = new Date();
    const rows = entries.map((entry) => {
      seq += 1;
      const fields = {
        seq,
        at,
        actorId: entry.actorId !== undefined ? entry.actorId : (entry.context?.user?.id ?? null),
        action: entry.action,
        recordingId: entry.recordingId ?? null,
        ip: entry.context?.ip ?? null,
        userAgent: entry.context?.userAgent ?? null,
        details: entry.details ?? {},
      };
      const hash = auditHash(prevHash, fields);
      const row = { ...fields, details: fields.details as Prisma.InputJsonValue, prevHash, hash };
      prevHash = hash;
      return row;
    });
    await tx.auditEvent.createMany({ data: rows });
  }
}
