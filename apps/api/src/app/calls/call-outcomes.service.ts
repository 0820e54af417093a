import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { CallOutcome, CallRecordDto } from '@callrec/contracts';
import { AppConfig } from '../../services/config/app-config';
import { LiveEventsService } from '../../services/events/live-events.service';
import { PrismaService } from '../../services/prisma/prisma.service';
import { MaintenanceJobsService } from '../../services/queues/maintenance-jobs.service';
import { AuditWriter } from '../audit/audit.writer';
import { personIdOf, RequestContext } from '../../common/request-context';
import { CALL_RECORD_SELECT, toCallRecordDto } from '../call-records/call-record.mapper';

/**
 * A call's outcome is evidence: retention policies can be scoped by it, so every change is
 * kept (CallOutcomeChange) and audited, and once the lock window has passed only an ADMIN may
 * change it, with a reason. Retention matches policies against every outcome a call has had,
 * so a change can lengthen a recording's life but never shorten it.
 */
@Injectable()
export class CallOutcomesService {
  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly events: LiveEventsService,
    private readonly jobs: MaintenanceJobsService,
    private readonly prisma: PrismaService,
  ) {}

  public async set(id: string, outcome: CallOutcome, reason: string | undefined, context: RequestContext): Promise<CallRecordDto> {
    const caller = context.user;
    if (!caller) throw new ForbiddenException('Sign in to set an outcome');
    const changed = await this.prisma.$transaction(async (tx) => {
      // The row lock orders concurrent changes, so each history entry's "from" is what it replaced.
      const [call] = await tx.$queryRaw<{ agentId: string | null; outcome: CallOutcome | null; endedAt: Date | null; placedAt: Date }[]>`
        SELECT "agentId", outcome::text AS outcome, "endedAt", "placedAt" FROM "CallRecord" WHERE id = ${id}::uuid FOR UPDATE`;
      if (!call) throw new NotFoundException(`Call ${id} not found`);
      if (caller.role === 'AGENT' && call.agentId !== caller.id) {
        throw new ForbiddenException('Agents can only set the outcome of their own calls');
      }
      const lockedAt = new Date((call.endedAt ?? call.placedAt).getTime() + this.config.outcomeLockHours * 3600_000);
      if (Date.now() >= lockedAt.getTime()) {
        if (caller.role !== 'ADMIN') {
          throw new ForbiddenException(
            `The outcome of call ${id} was locked on ${lockedAt.toISOString()}, ${this.config.outcomeLockHours} hours after the call; only an ADMIN may change it, with a reason`,
          );
        }
        if (!reason) {
          throw new BadRequestException(`reason is required: the outcome of call ${id} was locked on ${lockedAt.toISOString()}`);
        }
      }
      if (call.outcome === outcome) return false;
      await tx.callRecord.update({ where: { id }, data: { outcome } });
      await tx.callOutcomeChange.create({
        data: { callRecordId: id, fromOutcome: call.outcome, toOutcome: outcome, changedById: personIdOf(context), reason: reason ?? null },
      });
      await this.audit.record(
        {
          action: 'CALL_OUTCOME_CHANGED',
          context,
          details: { callRecordId: id, from: call.outcome, to: outcome, ...(reason ? { reason } : {}) },
        },
        tx,
      );
      return true;
    });
    if (changed) {
      await this.events.publish({ type: 'call.updated', callRecordId: id });
      // A new outcome may lengthen retention: the bucket's retain-until dates follow (design 9.4).
      await this.jobs.enqueueObjectLockSync('call outcome changed');
    }
    const row = await this.prisma.callRecord.findUniqueOrThrow({ where: { id }, select: CALL_RECORD_SELECT });
    return toCallRecordDto(row);
  }
}
