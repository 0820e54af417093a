import {
  BadGatewayException,
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { CallRecordDto } from '@callrec/contracts';
import { AppConfig } from '../../services/config/app-config';
import { LiveEventsService } from '../../services/events/live-events.service';
import { PrismaService } from '../../services/prisma/prisma.service';
import { toHttpError } from '../../services/twilio/twilio-error';
import { TwilioService } from '../../services/twilio/twilio.service';
import { AuthUser, RequestContext } from '../../common/request-context';
import { CALL_RECORD_SELECT, toCallRecordDto } from '../call-records/call-record.mapper';
import { TERMINAL_DB_CALL_STATUSES } from '../../common/call-status';
import { DataListFactsService } from '../data-lists/data-list-facts.service';
import { PlaceCallDto } from './dto/place-call.dto';
import { errorMessage } from '../../common/errors/error-message';

@Injectable()
export class CallsService {
  private readonly logger = new Logger(CallsService.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly events: LiveEventsService,
    private readonly facts: DataListFactsService,
    private readonly prisma: PrismaService,
    private readonly twilio: TwilioService,
  ) {}

  /**
   * Places a recorded, dual-channel call. The row is written first, and its id goes into the
   * callback URLs, so callbacks that race our own request always find it. If Twilio refuses
   * (a 4xx: it placed nothing), the row is removed again. If we cannot know (no answer, a cut
   * connection, a 5xx), Twilio may be ringing and recording: the row is kept and is completed
   * by the callbacks or by reconciliation, by its CallSid.
   */
  public async place(
    dto: PlaceCallDto,
    caller: AuthUser,
    context: RequestContext = { user: caller, ip: null, userAgent: null },
  ): Promise<CallRecordDto> {
    const agentId = await this.resolveAgent(dto.agentId, caller);
    const { contactId, dataListId } =
      dto.dataList || dto.contact ? await this.resolveInlineFacts(dto, context) : await this.resolveListAndContact(dto);

    const call = await this.prisma.callRecord.create({
      data: { agentId, contactId, dataListId, fromNumber: this.config.twilio.fromNumber, toNumber: dto.to },
      select: { id: true },
    });
    let sid: string;
    try {
      const created = await this.twilio.client.calls.create({
        to: dto.to,
        from: this.config.twilio.fromNumber,
        twiml: this.config.twilio.callTwiml,
        record: true,
        recordingChannels: 'dual',
        statusCallback: this.twilio.webhookUrl('call-status', call.id),
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        recordingStatusCallback: this.twilio.webhookUrl('recording-status', call.id),
        recordingStatusCallbackMethod: 'POST',
        recordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'],
      });
      sid = created.sid;
    } catch (error) {
      if (twilioRefused(error)) {
        await this.prisma.callRecord.delete({ where: { id: call.id } }).catch(() => undefined);
        this.logger.warn(`Twilio refused a call to ${dto.to}: ${errorMessage(error)}`);
        throw toHttpError(error, 'place the call');
      }
      const message = errorMessage(error);
      await this.prisma.callRecord.update({
        where: { id: call.id },
        data: { errorMessage: `Twilio did not confirm the call (${message}); kept until Twilio's callbacks or reconciliation settle it` },
      });
      this.logger.warn(`Twilio did not confirm call ${call.id}: ${message}; kept in case Twilio placed it`);
      throw new BadGatewayException(
        `Twilio did not confirm the call (${message}). It may still be placed: it is kept as call ${call.id} and completed from Twilio's callbacks or by reconciliation; check it before dialling again`,
      );
    }
    // A callback may already have written the SID (see CallLookupService); it is the same one.
    const row = await this.prisma.callRecord.update({
      where: { id: call.id },
      data: { twilioCallSid: sid, errorMessage: null },
      select: CALL_RECORD_SELECT,
    });
    this.logger.log(`Placed call ${sid} to ${dto.to} for agent ${agentId}`);
    await this.events.publish({ type: 'call.updated', callRecordId: row.id });
    return toCallRecordDto(row);
  }

  /** Hangs up at Twilio; the status itself changes when Twilio's callback arrives. */
  public async end(id: string, caller: AuthUser): Promise<CallRecordDto> {
    const call = await this.findOwned(id, caller, 'end');
    if (TERMINAL_DB_CALL_STATUSES.includes(call.status)) {
      throw new ConflictException(`Call ${id} has already ended (${call.status})`);
    }
    if (!call.twilioCallSid) {
      throw new ConflictException(`Call ${id} has not reached Twilio yet; try again in a moment`);
    }
    const notAnswered = call.status === 'queued' || call.status === 'ringing';
    try {
      await this.twilio.client.calls(call.twilioCallSid).update({ status: notAnswered ? 'canceled' : 'completed' });
    } catch (error) {
      throw toHttpError(error, 'end the call');
    }
    return this.get(id);
  }

  public async get(id: string): Promise<CallRecordDto> {
    const row = await this.prisma.callRecord.findUnique({ where: { id }, select: CALL_RECORD_SELECT });
    if (!row) throw new NotFoundException(`Call ${id} not found`);
    return toCallRecordDto(row);
  }

  private async findOwned(id: string, caller: AuthUser, verb: string) {
    const call = await this.prisma.callRecord.findUnique({
      where: { id },
      select: { id: true, agentId: true, status: true, twilioCallSid: true },
    });
    if (!call) throw new NotFoundException(`Call ${id} not found`);
    if (caller.role === 'AGENT' && call.agentId !== caller.id) {
      throw new ForbiddenException(`Agents can only ${verb} their own calls`);
    }
    return call;
  }

  private async resolveAgent(agentId: string | undefined, caller: AuthUser): Promise<string> {
    // A dialer is no agent: it always places on someone's behalf, like an ADMIN or SUPERVISOR.
    if (caller.role === 'DIALER') {
      if (agentId === undefined) throw new BadRequestException('A dialer must say which agent the call is for');
    } else if (agentId === undefined || agentId === caller.id) {
      return caller.id;
    }
    if (caller.role !== 'ADMIN' && caller.role !== 'SUPERVISOR' && caller.role !== 'DIALER') {
      throw new ForbiddenException('Only ADMIN, SUPERVISOR and DIALER keys may place calls for another agent');
    }
    const agent = await this.prisma.user.findUnique({ where: { id: agentId }, select: { active: true } });
    if (!agent) throw new NotFoundException(`Agent ${agentId} not found`);
    if (!agent.active) throw new BadRequestException(`Agent ${agentId} is deactivated`);
    return agentId;
  }

  /** A dialer's own list and contact (design 9.10), upserted, then used as if their ids were given. */
  private async resolveInlineFacts(dto: PlaceCallDto, context: RequestContext): Promise<{ contactId: string | null; dataListId: string }> {
    if (dto.dataListId !== undefined || dto.contactId !== undefined) {
      throw new BadRequestException(
        'dataList and contact name the list and contact themselves: send them without dataListId and contactId',
      );
    }
    if (!dto.dataList) {
      throw new BadRequestException("contact needs dataList: a dialer's contact is upserted within its list");
    }
    return this.facts.resolve(dto.dataList, dto.contact, dto.to, context);
  }

  private async resolveListAndContact(dto: PlaceCallDto): Promise<{ contactId: string | null; dataListId: string | null }> {
    if (dto.dataListId) {
      const list = await this.prisma.dataList.findUnique({ where: { id: dto.dataListId }, select: { id: true } });
      if (!list) throw new NotFoundException(`Data list ${dto.dataListId} not found`);
    }
    if (!dto.contactId) {
      return { contactId: null, dataListId: dto.dataListId ?? null };
    }
    const contact = await this.prisma.contact.findUnique({
      where: { id: dto.contactId },
      select: { id: true, phone: true, dataListId: true, dataList: { select: { name: true } } },
    });
    if (!contact) throw new NotFoundException(`Contact ${dto.contactId} not found`);
    if (contact.dataListId !== (dto.dataListId ?? null)) {
      throw new BadRequestException(
        contact.dataList
          ? `Contact ${contact.id} belongs to the data list '${contact.dataList.name}'; place the call with that dataListId`
          : `Contact ${contact.id} is not on a data list; place it as a Manual Dial (no dataListId)`,
      );
    }
    if (contact.phone !== dto.to) {
      throw new BadRequestException(`Contact ${contact.id} has the number ${contact.phone}, not ${dto.to}`);
    }
    return { contactId: contact.id, dataListId: contact.dataListId };
  }
}

/** Twilio answered with a client error: it did not place the call. */
function twilioRefused(error: unknown): boolean {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
