import { Injectable } from '@nestjs/common';
import { AuditEventDto, DEFAULT_PAGE_SIZE, Page } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../services/prisma/prisma.service';
import { AuditQueryDto } from './audit-query.dto';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Reading the audit trail. */
@Injectable()
export class AuditLogReader {
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
        include: { actor: { select: { name: true } }, apiKey: { select: { name: true } } },
      }),
      this.prisma.auditEvent.count({ where }),
    ]);
    return {
      items: rows.map(({ actor, apiKey, ...row }) => ({
        ...row,
        at: row.at.toISOString(),
        actorName: actor?.name ?? null,
        apiKeyName: apiKey?.name ?? null,
        details: row.details as Record<string, unknown>,
      })),
      total,
      page,
      pageSize,
    };
  }
}
