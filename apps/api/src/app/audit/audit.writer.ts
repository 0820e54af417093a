import { Injectable, Logger } from '@nestjs/common';
import { AuditAction } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RequestContext } from '../../common/request-context';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { asError, errorMessage } from '../../common/errors/error-message';

export interface AuditEntry {
  action: AuditAction;
  context?: RequestContext;
  /**
   * For system actors (retention sweeps) that have no user. Otherwise the context's person; a
   * request made with an API key has none (actorId points at a User): the key is the apiKeyId.
   */
  actorId?: string | null;
  recordingId?: string | null;
  details?: Record<string, unknown>;
}

type Tx = Prisma.TransactionClient;

// Serialises appends cluster-wide so two writers can never fork the chain.
const AUDIT_CHAIN_LOCK = 7_243_190_002;

@Injectable()
export class AuditWriter {
  private readonly logger = new Logger(AuditWriter.name);

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
      this.logger.error(`Could not write audit event ${entry.action}: ${errorMessage(error)}`, asError(error).stack);
    }
  }

  /** Appends many events as consecutive links under one lock (e.g. a batch of tombstones). */
  public async recordMany(entries: AuditEntry[], tx: Tx): Promise<void> {
    if (entries.length > 0) await this.append(tx, ...entries);
  }

  private async append(tx: Tx, ...entries: AuditEntry[]): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
    const [last] = await tx.$queryRaw<{ seq: number; hash: string }[]>`SELECT seq, hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`;
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const at = new Date();
    const rows = entries.map((entry) => {
      seq += 1;
      const fields = {
        seq,
        at,
        actorId: actorOf(entry),
        apiKeyId: entry.context?.apiKey?.id ?? null,
        action: entry.action,
        recordingId: entry.recordingId ?? null,
        ip: entry.context?.ip ?? null,
        userAgent: entry.context?.userAgent ?? null,
        details: entry.details ?? {},
      };
      const hash = auditHash(prevHash, fields);
      const row = { ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    // One statement over arrays, not createMany: Prisma compiles a fresh plan for every batch
    // size and walks each value in JS, which cost a retention sweep more than the inserts.
    const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((row) => row[key]);
    await tx.$executeRaw`
      INSERT INTO "AuditEvent" (id, seq, at, "actorId", "apiKeyId", action, "recordingId", ip, "userAgent", details, "prevHash", hash)
      SELECT gen_random_uuid(), e.seq, ${at.toISOString()}::timestamp, e."actorId", e."apiKeyId", e.action::"AuditAction", e."recordingId", e.ip,
             e."userAgent", e.details::jsonb, e."prevHash", e.hash
      FROM unnest(${column('seq')}::int[], ${column('actorId')}::uuid[], ${column('apiKeyId')}::uuid[], ${column('action')}::text[], ${column('recordingId')}::uuid[],
                  ${column('ip')}::text[], ${column('userAgent')}::text[], ${rows.map((row) => JSON.stringify(row.details))}::text[],
                  ${column('prevHash')}::text[], ${column('hash')}::text[])
        AS e(seq, "actorId", "apiKeyId", action, "recordingId", ip, "userAgent", details, "prevHash", hash)`;
  }
}

function actorOf(entry: AuditEntry): string | null {
  const apiKey = entry.context?.apiKey;
  const actorId = entry.actorId !== undefined ? entry.actorId : (entry.context?.user?.id ?? null);
  // A key's id is no User's: written as the actor it would break the foreign key (or worse, name a person).
  return apiKey && actorId === apiKey.id ? null : actorId;
}
