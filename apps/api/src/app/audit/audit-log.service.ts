import { Injectable } from '@nestjs/common';
import { AuditEventDto, AuditVerifyResult, DEFAULT_PAGE_SIZE, Page } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../services/prisma/prisma.service';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { AuditQueryDto } from './audit-query.dto';

const VERIFY_BATCH = 5000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Reading the audit trail and proving it has not been altered. */
@Injectable()
export class AuditLogService {
  public constructor(private readonly prisma: PrismaService) {}

  public async list(query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const where: Prisma.AuditEventWhereInput = {
      recordingId: query.recordingId,
      actorId: query.actorId,
      action: query.action,
      at: {
        ...(query.from ? { gte: new Date(query.from) } : {}),
        ...(query.to ? { lte: DATE_ONLY.test(query.to) ? new Date(`${query.to}T23:59:59.999Z`) : new Date(query.to) } : {}),
      },
    };
    const [rows, total] = await Promise.all([
      this.prisma.auditEvent.findMany({
        where,
        orderBy: { seq: 'desc' },
        skip: (page - 1) * pageSize,
        take: pageSize,
        include: { actor: { select: { name: true } } },
      }),
      this.prisma.auditEvent.count({ where }),
    ]);
    return {
      items: rows.map(({ actor, ...row }) => ({
        ...row,
        at: row.at.toISOString(),
        actorName: actor?.name ?? null,
        details: row.details as Record<string, unknown>,
      })),
      total,
      page,
      pageSize,
    };
  }

  /**
   * Walks the chain in order and recomputes every link: a changed field, a removed or
   * inserted event, or a re-ordered one breaks it at the first affected event.
   */
  public async verify(): Promise<AuditVerifyResult> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const rows = await this.prisma.auditEvent.findMany({
        where: { seq: { gte: expectedSeq } },
        orderBy: { seq: 'asc' },
        take: VERIFY_BATCH,
      });
      if (rows.length === 0) return { ok: true, checked, checkpoint: null };
      for (const row of rows) {
        const intact = row.seq === expectedSeq && row.prevHash === prevHash && auditHash(prevHash, row) === row.hash;
        if (!intact) return { ok: false, checked, firstBrokenId: row.id, checkpoint: null };
        prevHash = row.hash;
        expectedSeq += 1;
        checked += 1;
      }
    }
  }
}
