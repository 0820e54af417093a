import { Injectable, Logger } from '@nestjs/common';
import { TERMINAL_CALL_STATUSES } from '@callrec/contracts';
import { LiveEventsService } from '../../services/events/live-events.service';
import { PrismaService } from '../../services/prisma/prisma.service';
import { TERMINAL_DB_CALL_STATUSES, parseTwilioCallStatus, toDbCallStatus } from '../../common/call-status';
import { NO_DELIVERIES, OutboundEventsService } from '../outbound-webhooks/outbound-events.service';
import { CallLookupService } from './call-lookup.service';
import { CALL_SID, dateParam, intParam, requireParam, TwilioParams } from './twilio-params';

// When Twilio leaves SequenceNumber out, the status itself says how far the call got.
const FALLBACK_ORDER: Record<string, number> = { queued: 0, ringing: 1, 'in-progress': 2 };

/**
 * Applies one call-status callback. Statuses move forward only (by SequenceNumber), a terminal
 * status is never replaced, and each fact (answered at, ended at, duration) is written once,
 * so late, duplicated and reordered callbacks all converge on the same row.
 */
@Injectable()
export class CallStatusApplier {
  private readonly logger = new Logger(CallStatusApplier.name);

  public constructor(
    private readonly calls: CallLookupService,
    private readonly events: LiveEventsService,
    private readonly outbound: OutboundEventsService,
    private readonly prisma: PrismaService,
  ) {}

  public async apply(params: TwilioParams, receivedAt: Date, callRecordId: string | null): Promise<void> {
    const callSid = requireParam(params, 'CallSid', CALL_SID);
    const status = parseTwilioCallStatus(requireParam(params, 'CallStatus'));
    if (!status) {
      this.logger.warn(`Ignored unknown CallStatus for ${callSid}`);
      return;
    }
    const call = await this.calls.find(callSid, callRecordId);

    const terminal = TERMINAL_CALL_STATUSES.includes(status);
    const sequence = intParam(params, 'SequenceNumber') ?? (terminal ? 1_000_000 : FALLBACK_ORDER[status]);
    const at = dateParam(params, 'Timestamp') ?? receivedAt;
    const dbStatus = toDbCallStatus(status);

    const deliveries = await this.prisma.$transaction(async (tx) => {
      const moved = await tx.callRecord.updateMany({
        where: {
          id: call.id,
          status: { notIn: TERMINAL_DB_CALL_STATUSES },
          ...(terminal ? {} : { lastSequenceNumber: { lt: sequence } }),
        },
        data: { status: dbStatus, lastSequenceNumber: sequence },
      });
      if (status === 'in-progress') {
        await tx.callRecord.updateMany({ where: { id: call.id, answeredAt: null }, data: { answeredAt: at } });
      }
      if (terminal) {
        const duration = intParam(params, 'CallDuration');
        await tx.callRecord.updateMany({
          where: { id: call.id, endedAt: null },
          data: { endedAt: at, durationSeconds: duration ?? 0 },
        });
        if (duration && duration > 0) {
          // The answered callback may be lost or late; the duration still tells when it was.
          await tx.callRecord.updateMany({
            where: { id: call.id, answeredAt: null },
            data: { answeredAt: new Date(at.getTime() - duration * 1000) },
          });
        }
      }
      // Only the callback that moved the call to completed emits, in the same transaction:
      // a duplicate finds the status terminal already, moves nothing and emits nothing.
      return moved.count === 1 && dbStatus === 'completed' ? this.outbound.recordCallCompleted(tx, call.id) : NO_DELIVERIES;
    });
    await this.outbound.dispatch(deliveries);
    await this.events.publish({ type: 'call.updated', callRecordId: call.id });
  }
}
