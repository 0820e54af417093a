import { Injectable, Logger } from '@nestjs/common';
import { TERMINAL_CALL_STATUSES } from '@callrec/contracts';
import type { CallInstance } from 'twilio/lib/rest/api/v2010/account/call';
import { AppConfig } from '../../../services/config/app-config';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { TwilioService } from '../../../services/twilio/twilio.service';
import { parseTwilioCallStatus, toDbCallStatus } from '../../../common/call-status';
import { NO_DELIVERIES, OutboundEventsService } from '../../outbound-webhooks/outbound-events.service';

/** How far Twilio's creation time of a call may lie from our placedAt and still be that call. */
const MATCH_BEFORE_MS = 60_000;
const MATCH_AFTER_MS = 5 * 60_000;

interface Unconfirmed {
  id: string;
  toNumber: string;
  fromNumber: string;
  placedAt: Date;
}

/**
 * Calls whose create request failed in a way that says nothing (a timeout, a cut connection,
 * a 5xx) are kept without a CallSid. Twilio may have placed and recorded them; this finds them
 * at Twilio (same numbers, created at the same time) and completes them by their CallSid, so
 * their recordings are downloaded like any other. One that Twilio still does not know after
 * RECONCILE_STUCK_SECONDS was never placed, and is marked failed.
 */
@Injectable()
export class UnconfirmedCallsService {
  private readonly logger = new Logger(UnconfirmedCallsService.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly outbound: OutboundEventsService,
    private readonly prisma: PrismaService,
    private readonly twilio: TwilioService,
  ) {}

  /** Returns how many were found at Twilio and how many were given up as never placed. */
  public async settle(): Promise<{ adopted: number; neverPlaced: number }> {
    const graceBefore = new Date(Date.now() - this.config.reconcileGraceSeconds * 1000);
    const pending = await this.prisma.callRecord.findMany({
      // Still queued: one already given up as never placed is not looked for again.
      where: { twilioCallSid: null, status: 'queued', placedAt: { lt: graceBefore } },
      select: { id: true, toNumber: true, fromNumber: true, placedAt: true },
      orderBy: { placedAt: 'asc' },
      take: 200,
    });
    let adopted = 0;
    let neverPlaced = 0;
    for (const call of pending) {
      const candidates = await this.twilio.client.calls.list({ to: call.toNumber, from: call.fromNumber, pageSize: 50 });
      const match = await this.firstUnclaimed(call, candidates);
      if (match) {
        await this.adopt(call.id, match);
        adopted += 1;
      } else if (Date.now() - call.placedAt.getTime() > this.config.reconcileStuckSeconds * 1000) {
        await this.prisma.callRecord.updateMany({
          where: { id: call.id, twilioCallSid: null },
          data: { status: 'failed', errorMessage: `Twilio has no record of this call (checked ${new Date().toISOString()}): it was never placed` },
        });
        neverPlaced += 1;
      }
    }
    return { adopted, neverPlaced };
  }

  /** For a recording of a CallSid we do not know (its Call resource fetched): is it one of our unconfirmed calls? */
  public async adoptTwilioCall(twilioCall: CallInstance): Promise<{ id: string; erasedAt: Date | null } | null> {
    const [call] = await this.prisma.callRecord.findMany({
      where: {
        twilioCallSid: null,
        toNumber: twilioCall.to,
        fromNumber: twilioCall.from,
        placedAt: { gte: new Date(twilioCall.dateCreated.getTime() - MATCH_AFTER_MS), lte: new Date(twilioCall.dateCreated.getTime() + MATCH_BEFORE_MS) },
      },
      select: { id: true, erasedAt: true },
      orderBy: { placedAt: 'asc' },
      take: 1,
    });
    if (!call) return null;
    await this.adopt(call.id, twilioCall);
    return call;
  }

  private async firstUnclaimed(call: Unconfirmed, candidates: CallInstance[]): Promise<CallInstance | null> {
    const near = candidates
      .filter((c) => {
        const delta = c.dateCreated.getTime() - call.placedAt.getTime();
        return delta >= -MATCH_BEFORE_MS && delta <= MATCH_AFTER_MS;
      })
      .sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime());
    if (near.length === 0) return null;
    const taken = await this.prisma.callRecord.findMany({
      where: { twilioCallSid: { in: near.map((c) => c.sid) } },
      select: { twilioCallSid: true },
    });
    return near.find((c) => !taken.some((t) => t.twilioCallSid === c.sid)) ?? null;
  }

  /** Links the SID and, if the callbacks never came, takes the call's facts from Twilio's resource. */
  private async adopt(id: string, twilioCall: CallInstance): Promise<void> {
    const linked = await this.prisma.callRecord.updateMany({
      where: { id, twilioCallSid: null },
      data: { twilioCallSid: twilioCall.sid, errorMessage: null },
    });
    if (linked.count === 0) return;
    const status = parseTwilioCallStatus(twilioCall.status);
    if (status && TERMINAL_CALL_STATUSES.includes(status)) {
      const duration = Number(twilioCall.duration ?? 0);
      const deliveries = await this.prisma.$transaction(async (tx) => {
        // Only where no callback has said anything yet; callbacks are the finer source.
        const completed = await tx.callRecord.updateMany({
          where: { id, lastSequenceNumber: -1, endedAt: null },
          data: {
            status: toDbCallStatus(status),
            durationSeconds: duration,
            endedAt: twilioCall.endTime ?? new Date(),
            answeredAt: duration > 0 ? (twilioCall.startTime ?? null) : null,
          },
        });
        // The callbacks never came, so call.completed comes from here (once: the row is now ended).
        return completed.count === 1 && status === 'completed' ? this.outbound.recordCallCompleted(tx, id) : NO_DELIVERIES;
      });
      await this.outbound.dispatch(deliveries);
    }
    this.logger.warn(`Call ${id} was placed at Twilio as ${twilioCall.sid} although our request failed; completed by reconciliation`);
  }
}
