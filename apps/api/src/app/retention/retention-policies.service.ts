import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { RetentionPolicyDto, RetentionPolicyScope } from '@callrec/contracts';
import { RetentionPolicy } from '../../generated/prisma/client';
import { PrismaService } from '../../services/prisma/prisma.service';
import { MaintenanceJobsService } from '../../services/queues/maintenance-jobs.service';
import { AuditWriter } from '../audit/audit.writer';
import { RequestContext } from '../../common/request-context';
import { CreateRetentionPolicyDto, RetentionScopeDto, UpdateRetentionPolicyDto } from './dto/retention-policy.dto';

@Injectable()
export class RetentionPoliciesService {
  public constructor(
    private readonly audit: AuditWriter,
    private readonly jobs: MaintenanceJobsService,
    private readonly prisma: PrismaService,
  ) {}

  public async list(): Promise<RetentionPolicyDto[]> {
    const rows = await this.prisma.retentionPolicy.findMany({
      orderBy: [{ enabled: 'desc' }, { retainDays: 'desc' }, { name: 'asc' }],
      include: { createdBy: { select: { name: true } } },
    });
    return rows.map(toDto);
  }

  public async create(dto: CreateRetentionPolicyDto, context: RequestContext): Promise<RetentionPolicyDto> {
    const scope = await this.checkScope(dto.scope);
    const created = await this.prisma.$transaction(async (tx) => {
      const row = await tx.retentionPolicy.create({
        data: { name: dto.name, retainDays: dto.retainDays, enabled: dto.enabled ?? true, ...scope, createdById: context.user?.id ?? null },
        include: { createdBy: { select: { name: true } } },
      });
      await this.audit.record({ action: 'POLICY_CREATED', context, details: { policyId: row.id, after: snapshot(row) } }, tx);
      return row;
    });
    // Retain-until dates in the bucket follow the policies (design 9.4): extended, never shortened.
    await this.jobs.enqueueObjectLockSync('retention policy created');
    return toDto(created);
  }

  public async update(id: string, dto: UpdateRetentionPolicyDto, context: RequestContext): Promise<RetentionPolicyDto> {
    const before = await this.prisma.retentionPolicy.findUnique({ where: { id } });
    if (!before) throw new NotFoundException(`Retention policy ${id} not found`);
    const scope = dto.scope ? await this.checkScope(dto.scope) : undefined;
    const updated = await this.prisma.$transaction(async (tx) => {
      const row = await tx.retentionPolicy.update({
        where: { id },
        data: { name: dto.name, retainDays: dto.retainDays, enabled: dto.enabled, ...scope },
        include: { createdBy: { select: { name: true } } },
      });
      await this.audit.record(
        { action: 'POLICY_UPDATED', context, details: { policyId: id, before: snapshot(before), after: snapshot(row) } },
        tx,
      );
      return row;
    });
    await this.jobs.enqueueObjectLockSync('retention policy updated');
    return toDto(updated);
  }

  public async remove(id: string, context: RequestContext): Promise<void> {
    const before = await this.prisma.retentionPolicy.findUnique({ where: { id } });
    if (!before) throw new NotFoundException(`Retention policy ${id} not found`);
    await this.prisma.$transaction(async (tx) => {
      await tx.retentionPolicy.delete({ where: { id } });
      await this.audit.record({ action: 'POLICY_DELETED', context, details: { policyId: id, before: snapshot(before) } }, tx);
    });
  }

  private async checkScope(scope: RetentionScopeDto) {
    if (scope.manualDial && scope.dataListId) {
      throw new BadRequestException('A scope cannot be both a data list and Manual Dial only');
    }
    if (scope.dataListId && !(await this.prisma.dataList.findUnique({ where: { id: scope.dataListId }, select: { id: true } }))) {
      throw new NotFoundException(`Data list ${scope.dataListId} not found`);
    }
    if (scope.agentId && !(await this.prisma.user.findUnique({ where: { id: scope.agentId }, select: { id: true } }))) {
      throw new NotFoundException(`Agent ${scope.agentId} not found`);
    }
    return {
      dataListId: scope.dataListId ?? null,
      manualDialOnly: scope.manualDial === true,
      outcome: scope.outcome ?? null,
      agentId: scope.agentId ?? null,
    };
  }
}

function scopeOf(row: RetentionPolicy): RetentionPolicyScope {
  return {
    ...(row.dataListId ? { dataListId: row.dataListId } : {}),
    ...(row.manualDialOnly ? { manualDial: true as const } : {}),
    ...(row.outcome ? { outcome: row.outcome } : {}),
    ...(row.agentId ? { agentId: row.agentId } : {}),
  };
}

function snapshot(row: RetentionPolicy) {
  return { name: row.name, retainDays: row.retainDays, enabled: row.enabled, scope: scopeOf(row) };
}

function toDto(row: RetentionPolicy & { createdBy: { name: string } | null }): RetentionPolicyDto {
  return {
    id: row.id,
    name: row.name,
    retainDays: row.retainDays,
    enabled: row.enabled,
    scope: scopeOf(row),
    createdBy: row.createdBy?.name ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
