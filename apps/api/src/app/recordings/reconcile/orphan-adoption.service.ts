import { Injectable, Logger } from '@nestjs/common';
import { E164_PATTERN } from '@callrec/contracts';
import type { CallInstance } from 'twilio/lib/rest/api/v2010/account/call';
import { Prisma } from '../../../generated/prisma/client';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { TwilioService } from '../../../services/twilio/twilio.service';
import { parseTwilioCallStatus, toDbCallStatus } from '../../../common/call-status';
import { errorMessage } from '../../../common/errors/error-message';
import { AuditWriter } from '../../audit/audit.writer';
import { HOLD_COVERS } from '../../legal-holds/hold-coverage';
import { ErasureService } from '../deletion/erasure.service';
import { UnconfirmedCallsService } from './unconfirmed-calls.service';

/** The call a recording found at Twilio belongs to, as reconciliation needs it. */
export interface OwningCall {
  id: string;
  erasedAt: Date | null;
}

export type Ownership = { call: OwningCall; orphanAdopted: boolean } | { call: null; reason: string };

/**
 * Recordings Twilio holds that no call of ours owns (a call placed from Twilio's console, another
 * app on the account, a create request we lost track of) are adopted (design 9.7): a call record
 * flagged `orphan` is created from Twilio's Call resource, so the recording is downloaded,
 * held, kept and erased like any other. Nothing Twilio recorded stays outside our rules.
 */
@Injectable()
export class OrphanAdoptionService {
  private readonly logger = new Logger(OrphanAdoptionService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly erasure: ErasureService,
    private readonly prisma: PrismaService,
    private readonly twilio: TwilioService,
    private readonly unconfirmed: UnconfirmedCallsService,
  ) {}

  /**
   * The owner of a recording whose CallSid no call of ours has: one of our calls whose create
   * request failed unclearly, or else a new orphan. No owner only when Twilio cannot give the call.
   */
  public async ownerOf(callSid: string, recordingSid: string): Promise<Ownership> {
    let twilioCall: CallInstance;
    try {
      twilioCall = await this.twilio.client.calls(callSid).fetch();
    } catch (error) {
      return { call: null, reason: `Twilio gives no call ${callSid} (${errorMessage(error)})` };
    }
    const ours = await this.unconfirmed.adoptTwilioCall(twilioCall);
    if (ours) return { call: ours, orphanAdopted: false };
    return this.adopt(twilioCall, recordingSid);
  }

  /**
   * Creates the orphan call and audits it in one transaction; a concurrent reconciliation that
   * created it first wins (the CallSid is unique) and this one takes its row.
   */
  private async adopt(twilioCall: CallInstance, recordingSid: string): Promise<Ownership> {
    const toNumber = normaliseNumber(twilioCall.to);
    const fromNumber = normaliseNumber(twilioCall.from);
    const placedAt = twilioCall.startTime ?? twilioCall.dateCreated;
    const pseudonym = await this.erasedPseudonym(toNumber, placedAt);
    const duration = twilioCall.duration === null || twilioCall.duration === undefined ? null : Number(twilioCall.duration);
    // A recording exists, so Twilio placed the call: a status word we do not know is read as completed.
    const status = parseTwilioCallStatus(twilioCall.status) ?? 'completed';
    try {
      const call = await this.prisma.$transaction(async (tx) => {
        const created = await tx.callRecord.create({
          data: {
            orphan: true,
            twilioCallSid: twilioCall.sid,
            direction: twilioCall.direction,
            fromNumber,
            // An erased number never enters our database again: the call gets its pseudonym.
            toNumber: pseudonym ?? toNumber,
            erasedAt: pseudonym ? new Date() : null,
            status: toDbCallStatus(status),
            placedAt,
            answeredAt: duration !== null && duration > 0 ? (twilioCall.startTime ?? null) : null,
            endedAt: twilioCall.endTime ?? null,
            durationSeconds: duration,
          },
          select: { id: true, erasedAt: true },
        });
        await this.audit.record(
          {
            action: 'ORPHAN_ADOPTED',
            actorId: null,
            details: {
              callRecordId: created.id,
              twilioCallSid: twilioCall.sid,
              twilioRecordingSid: recordingSid,
              toNumber: pseudonym ?? toNumber,
              fromNumber,
            },
          },
          tx,
        );
        return created;
      });
      this.logger.warn(
        `Adopted orphan call ${twilioCall.sid} (${twilioCall.direction}, placed ${placedAt.toISOString()}) for recording ${recordingSid}: ` +
          `Twilio recorded it and no call of ours owned it${pseudonym ? '; its number was erased, so the recording is erased on arrival' : ''}`,
      );
      return { call, orphanAdopted: true };
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
      const call = await this.prisma.callRecord.findUniqueOrThrow({ where: { twilioCallSid: twilioCall.sid }, select: { id: true, erasedAt: true } });
      return { call, orphanAdopted: false };
    }
  }

  /**
   * The number's pseudonym when an erasure of it came after the call was placed (an erasure
   * covers every call placed before it, whether we knew the call then or not) and no active
   * hold would cover the orphan; null otherwise. A held call keeps its number, as erasure
   * leaves held calls theirs, and its recording is stored and kept for the hold.
   */
  private async erasedPseudonym(toNumber: string, placedAt: Date): Promise<string | null> {
    const pseudonym = this.erasure.pseudonym(toNumber);
    const erasure = await this.prisma.auditEvent.findFirst({
      where: { action: 'ERASURE_REQUESTED', at: { gte: placedAt }, details: { path: ['pseudonym'], equals: pseudonym } },
      select: { id: true },
    });
    if (!erasure) return null;
    // HOLD_COVERS over the call as it would be created (no agent, no list, no recording id yet).
    const [{ held }] = await this.prisma.$queryRaw<{ held: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM "LegalHold" h,
          (SELECT NULL::uuid AS id, ${toNumber}::text AS "toNumber", NULL::uuid AS "agentId", NULL::uuid AS "dataListId",
                  ${placedAt.toISOString()}::timestamp AS "placedAt") c,
          (SELECT NULL::uuid AS id) r
        WHERE h."releasedAt" IS NULL AND ${HOLD_COVERS}) AS held`;
    return held ? null : pseudonym;
  }
}

/** Twilio's numbers as calls placed through us hold them: E.164 without formatting; a SIP or client address as given. */
export function normaliseNumber(value: string): string {
  const trimmed = value.trim();
  const compact = trimmed.replace(/[\s().-]/g, '');
  return E164_PATTERN.test(compact) ? compact : trimmed;
}
