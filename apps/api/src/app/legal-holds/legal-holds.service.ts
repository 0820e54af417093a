import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { LegalHoldCriteria, LegalHoldDto } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../services/prisma/prisma.service';
import { MaintenanceJobsService } from '../../services/queues/maintenance-jobs.service';
import { AuditWriter } from '../audit/audit.writer';
import { RequestContext } from '../../common/request-context';
import { CreateLegalHoldDto } from './dto/legal-hold.dto';
import { normalizeCriteria } from './hold-criteria';
import { HOLD_COVERS, HOLD_LOCK } from './hold-coverage';

// Recordings whose audio is gone are not "covered" any more: nothing is left to keep.
const LIVE_RECORDING = Prisma.sql`r.status NOT IN ('DELETING', 'DELETED')`;

@Injectable()
export class LegalHoldsService {
  public constructor(
    private readonly audit: AuditWriter,
    private readonly jobs: MaintenanceJobsService,
    private readonly prisma: PrismaService,
  ) {}

  public async list(includeReleased: boolean): Promise<LegalHoldDto[]> {
    const holds = await this.prisma.legalHold.findMany({
      where: includeReleased ? {} : { releasedAt: null },
      orderBy: [{ releasedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
      include: { createdBy: { select: { name: true } }, releasedBy: { select: { name: true } } },
    });
    const counts = await this.coveredCounts(holds.map((h) => h.id));
    return holds.map((hold) => ({
      id: hold.id,
      name: hold.name,
      reason: hold.reason,
      criteria: hold.criteria as LegalHoldCriteria,
      createdBy: hold.createdBy?.name ?? null,
      createdAt: hold.createdAt.toISOString(),
      releasedAt: hold.releasedAt?.toISOString() ?? null,
      releasedBy: hold.releasedBy?.name ?? null,
      releaseReason: hold.releaseReason,
      coveredRecordings: counts.get(hold.id) ?? 0,
    }));
  }

  /** How many recordings these criteria would cover now (the form's live count). */
  public async preview(input: LegalHoldCriteria): Promise<{ covered: number }> {
    const criteria = normalizeCriteria(input);
    const [row] = await this.prisma.$queryRaw<{ covered: bigint }[]>`
      SELECT count(*) AS covered
      FROM (SELECT ${JSON.stringify(criteria)}::jsonb AS criteria) h, "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
      WHERE ${LIVE_RECORDING} AND ${HOLD_COVERS}`;
    return { covered: Number(row.covered) };
  }

  public async create(dto: CreateLegalHoldDto, context: RequestContext): Promise<LegalHoldDto> {
    const criteria = normalizeCriteria(dto.criteria);
    await this.assertReferencesExist(criteria);
    const hold = await this.prisma.$transaction(async (tx) => {
      // Exclusive: no deletion can be claiming a recording this hold is about to cover.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${HOLD_LOCK}::bigint)`;
      const created = await tx.legalHold.create({
        data: { name: dto.name, reason: dto.reason, criteria: criteria as Prisma.InputJsonObject, createdById: context.user?.id ?? null },
      });
      await this.audit.record(
        { action: 'HOLD_CREATED', context, details: { holdId: created.id, name: dto.name, reason: dto.reason, criteria } },
        tx,
      );
      return created;
    });
    // The bucket's S3 legal holds follow ours (design 9.4), once the hold is committed.
    await this.jobs.enqueueObjectLockSync('legal hold created');
    return this.get(hold.id);
  }

  public async release(id: string, reason: string, context: RequestContext): Promise<LegalHoldDto> {
    const hold = await this.prisma.legalHold.findUnique({ where: { id } });
    if (!hold) throw new NotFoundException(`Legal hold ${id} not found`);
    if (hold.releasedAt) throw new ConflictException(`Legal hold '${hold.name}' was already released on ${hold.releasedAt.toISOString()}`);
    await this.prisma.$transaction(async (tx) => {
      // Conditional, so of two concurrent releases one wins and the other sees it released:
      // the row lock makes the second wait and then find releasedAt set.
      const released = await tx.legalHold.updateMany({
        where: { id, releasedAt: null },
        data: { releasedAt: new Date(), releasedById: context.user?.id ?? null, releaseReason: reason },
      });
      if (released.count === 0) throw new ConflictException(`Legal hold '${hold.name}' was released meanwhile by someone else`);
      await this.audit.record({ action: 'HOLD_RELEASED', context, details: { holdId: id, name: hold.name, reason } }, tx);
    });
    await this.jobs.enqueueObjectLockSync('legal hold released');
    return this.get(id);
  }

  public async get(id: string): Promise<LegalHoldDto> {
    const [hold] = (await this.list(true)).filter((h) => h.id === id);
    if (!hold) throw new NotFoundException(`Legal hold ${id} not found`);
    return hold;
  }

  private async coveredCounts(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<{ id: string; covered: bigint }[]>`
      SELECT h.id, count(r.id) AS covered
      FROM "LegalHold" h
      LEFT JOIN ("Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId") ON ${LIVE_RECORDING} AND ${HOLD_COVERS}
      WHERE h.id = ANY(${ids}::uuid[])
      GROUP BY h.id`;
    return new Map(rows.map((row) => [row.id, Number(row.covered)]));
  }

  private async assertReferencesExist(criteria: LegalHoldCriteria): Promise<void> {
    if (criteria.agentId && !(await this.prisma.user.findUnique({ where: { id: criteria.agentId }, select: { id: true } }))) {
      throw new NotFoundException(`Agent ${criteria.agentId} not found`);
    }
    if (criteria.dataListId && !(await this.prisma.dataList.findUnique({ where: { id: criteria.dataListId }, select: { id: true } }))) {
      throw new NotFoundException(`Data list ${criteria.dataListId} not found`);
    }
    if (criteria.recordingIds) {
      const found = await this.prisma.recording.findMany({ where: { id: { in: criteria.recordingIds } }, select: { id: true } });
      const missing = criteria.recordingIds.filter((id) => !found.some((r) => r.id === id));
      if (missing.length > 0) {
        throw new BadRequestException(`Unknown recording id(s): ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
      }
    }
  }
}
