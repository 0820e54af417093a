import { BadRequestException, ConflictException, ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ExportDto, ExportListDto } from '@callrec/contracts';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { ExportJobsService } from '../../services/queues/export-jobs.service';
import { errorMessage } from '../../common/errors/error-message';
import { personIdOf, RequestContext } from '../../common/request-context';
import { AuditWriter } from '../audit/audit.writer';
import { ExportRequestDto } from './dto/export-request.dto';
import { ExportLinkService } from './export-link.service';
import { EXPORT_USERS, ExportRow, toExportDto } from './export.mapper';
import { normalizeScope, resolveScope } from './export-scope';

/** Exports listed at once, newest first. */
const LIST_LIMIT = 200;

/**
 * Evidence exports (design 9.6): the request (its scope resolved into items at once), the second
 * person's approval, and their status. The bundle is built by ExportBuildRunner in a worker.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly jobs: ExportJobsService,
    private readonly links: ExportLinkService,
    private readonly prisma: PrismaService,
  ) {}

  public async request(dto: ExportRequestDto, context: RequestContext): Promise<{ id: string; status: ExportDto['status'] }> {
    const requestedById = personIdOf(context);
    if (!requestedById) throw new ForbiddenException('An export is requested by a person, not an API key');
    const scope = JSON.parse(JSON.stringify(normalizeScope(dto.scope))) as Prisma.InputJsonObject;
    const twoPerson = this.config.exports.approval === 'two-person';
    const id = randomUUID();
    const status = twoPerson ? 'AWAITING_APPROVAL' : 'QUEUED';
    await this.prisma.$transaction(async (tx) => {
      await tx.export.create({ data: { id, requestedById, reason: dto.reason, scope, status } });
      const total = await resolveScope(tx, id, scope);
      if (total === 0) throw new BadRequestException('The scope selects no stored recording: nothing to export');
      await tx.export.update({ where: { id }, data: { total } });
      await this.audit.record({ action: 'EXPORT_REQUESTED', context, details: { exportId: id, reason: dto.reason, scope, total } }, tx);
    });
    this.logger.log(`Export ${id} requested (${status === 'QUEUED' ? 'queued' : 'awaiting a second approver'})`);
    if (status === 'QUEUED') await this.enqueue(id);
    return { id, status: twoPerson ? 'awaiting-approval' : 'queued' };
  }

  /** The second person of EXPORT_APPROVAL=two-person; the bundle is built only after this, so custody names them. */
  public async approve(id: string, context: RequestContext): Promise<ExportDto> {
    const approverId = personIdOf(context);
    const row = await this.prisma.export.findUnique({ where: { id }, select: { status: true, requestedById: true } });
    if (!row) throw new NotFoundException(`Export ${id} does not exist`);
    if (row.status !== 'AWAITING_APPROVAL') {
      throw new ConflictException(`Export ${id} is not awaiting approval (it is ${row.status.toLowerCase().replace('_', '-')})`);
    }
    if (!approverId || approverId === row.requestedById) {
      throw new ForbiddenException('The person who requested an export cannot approve it: a second person must');
    }
    await this.prisma.$transaction(async (tx) => {
      // Conditional: of two approvers at once, one wins and the other finds it approved.
      const claimed = await tx.export.updateMany({
        where: { id, status: 'AWAITING_APPROVAL' },
        data: { status: 'QUEUED', approvedById: approverId, approvedAt: new Date() },
      });
      if (claimed.count === 0) throw new ConflictException(`Export ${id} was approved meanwhile by someone else`);
      await this.audit.record({ action: 'EXPORT_APPROVED', context, details: { exportId: id } }, tx);
    });
    this.logger.log(`Export ${id} approved`);
    await this.enqueue(id);
    return this.get(id);
  }

  public async list(): Promise<ExportListDto> {
    const rows = await this.prisma.export.findMany({
      include: EXPORT_USERS,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: LIST_LIMIT,
    });
    return { items: rows.map((row) => this.toDto(row)) };
  }

  public async get(id: string): Promise<ExportDto> {
    const row = await this.prisma.export.findUnique({ where: { id }, include: EXPORT_USERS });
    if (!row) throw new NotFoundException(`Export ${id} does not exist`);
    return this.toDto(row);
  }

  private toDto(row: ExportRow): ExportDto {
    return toExportDto(row, (ready) => this.links.url(ready.id, ready.expiresAt));
  }

  /** A lost enqueue is not lost for good: the expiry sweep enqueues every queued export again (one job id per export). */
  private async enqueue(id: string): Promise<void> {
    try {
      await this.jobs.enqueueBuild(id);
    } catch (error) {
      this.logger.error(`Could not queue the build of export ${id}: ${errorMessage(error)}; the next expiry sweep queues it`);
    }
  }
}
