import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { CallRecordDto, MANUAL_DIAL_LABEL } from '@callrec/contracts';
import { LiveEventsService } from '../../services/events/live-events.service';
import { PrismaService } from '../../services/prisma/prisma.service';
import { MaintenanceJobsService } from '../../services/queues/maintenance-jobs.service';
import { AuditWriter } from '../audit/audit.writer';
import { personIdOf, RequestContext } from '../../common/request-context';
import { HOLD_LOCK } from '../legal-holds/hold-coverage';
import { CALL_RECORD_SELECT, toCallRecordDto } from './call-record.mapper';
import { AttachCallRecordDto } from './dto/attach-call-record.dto';

/**
 * An ADMIN says whose a call was and which list it belonged to: an orphan adopted by
 * reconciliation (design 9.7), or any call filed wrongly. The call stays `orphan` (a fact of
 * where it came from). Retention policies and legal holds scoped by agent or data list then
 * match it, and they keep matching what it had before (CallAttachmentChange), so attaching
 * can lengthen a recording's protection but never shorten it.
 */
@Injectable()
export class CallRecordAttachService {
  private readonly logger = new Logger(CallRecordAttachService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly events: LiveEventsService,
    private readonly jobs: MaintenanceJobsService,
    private readonly prisma: PrismaService,
  ) {}

  public async attach(id: string, dto: AttachCallRecordDto, context: RequestContext): Promise<CallRecordDto> {
    if (dto.agentId === undefined && dto.dataListId === undefined) {
      throw new BadRequestException('Nothing to change: give agentId, dataListId (null for Manual Dial) or both');
    }
    const agentId = dto.agentId === undefined ? undefined : await this.checkAgent(dto.agentId.toLowerCase());
    const dataListId =
      dto.dataListId === undefined || dto.dataListId === null ? dto.dataListId : await this.checkDataList(dto.dataListId.toLowerCase());
    const row = await this.prisma.$transaction(async (tx) => {
      // Exclusive, as when a hold is placed: the holds covering this call may grow, so no deletion
      // may be claiming one of its recordings meanwhile.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${HOLD_LOCK}::bigint)`;
      // The row lock orders concurrent attachments, so each history entry's "from" is what it replaced.
      const [call] = await tx.$queryRaw<{ agentId: string | null; dataListId: string | null }[]>`
        SELECT "agentId"::text AS "agentId", "dataListId"::text AS "dataListId" FROM "CallRecord" WHERE id = ${id}::uuid FOR UPDATE`;
      if (!call) throw new NotFoundException(`Call record ${id} not found`);
      const next = { agentId: agentId ?? call.agentId, dataListId: dataListId === undefined ? call.dataListId : dataListId };
      if (next.agentId === call.agentId && next.dataListId === call.dataListId) {
        throw new BadRequestException(`Nothing to change: call record ${id} already has that agent and data list`);
      }
      const updated = await tx.callRecord.update({ where: { id }, data: next, select: CALL_RECORD_SELECT });
      await tx.callAttachmentChange.create({
        data: {
          callRecordId: id,
          changedById: personIdOf(context),
          fromAgentId: call.agentId,
          fromDataListId: call.dataListId,
          reason: dto.reason,
          toAgentId: next.agentId,
          toDataListId: next.dataListId,
        },
      });
      await this.audit.record(
        {
          action: 'CALL_RECORD_ATTACHED',
          context,
          details: {
            callRecordId: id,
            reason: dto.reason,
            agentId: next.agentId,
            agentName: updated.agent?.name ?? null,
            previousAgentId: call.agentId,
            dataListId: next.dataListId,
            dataListLabel: updated.dataList?.name ?? MANUAL_DIAL_LABEL,
            previousDataListId: call.dataListId,
          },
        },
        tx,
      );
      return updated;
    });
    this.logger.log(`Call record ${id} attached to agent ${row.agent?.id ?? 'none'} and ${row.dataList?.name ?? MANUAL_DIAL_LABEL}`);
    await this.events.publish({ type: 'call.updated', callRecordId: id });
    // Other policies may match now, and only ever a longer one: the bucket's retain-until dates follow.
    await this.jobs.enqueueObjectLockSync('call record attached');
    return toCallRecordDto(row);
  }

  /** An agent as GET /api/agents lists them (an AGENT, or anyone who has placed calls), still active. */
  private async checkAgent(agentId: string): Promise<string> {
    const user = await this.prisma.user.findUnique({
      where: { id: agentId },
      select: { id: true, name: true, active: true, role: true, _count: { select: { calls: true } } },
    });
    if (!user) throw new BadRequestException(`Agent ${agentId} not found`);
    if (user.role !== 'AGENT' && user._count.calls === 0) {
      throw new BadRequestException(`${user.name} (${user.role}) is not an agent: attach a call to someone GET /api/agents lists`);
    }
    if (!user.active) throw new BadRequestException(`Agent ${user.name} is deactivated`);
    return user.id;
  }

  private async checkDataList(dataListId: string): Promise<string> {
    const list = await this.prisma.dataList.findUnique({ where: { id: dataListId }, select: { id: true } });
    if (!list) throw new BadRequestException(`Data list ${dataListId} not found`);
    return list.id;
  }
}
