import {
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
import { AuthUser } from '../auth/auth-user';
import { CALL_RECORD_SELECT, toCallRecordDto } from '../call-records/call-record.mapper';
import { TERMINAL_DB_CALL_STATUSES } from './call-status';
import { PlaceCallDto } from './dto/place-call.dto';

@Injectable()
export class CallsService {
  private readonly logger = new Logger(CallsService.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly events: LiveEventsService,
    private readonly prisma: PrismaService,
    private readonly twilio: TwilioService,
  ) {}

  /**
   * Places a recorded, dual-channel call. The row is written first so that callbacks which
   * race our own request always find it; if Twilio refuses, the row is removed again, so a
   * failed call leaves nothing behind.
   */
  public async place(dto: PlaceCallDto, caller: AuthUser): Promise<CallRecordDto> {
    const agentId = await this.resolveAgent(dto.agentId, caller);
    const { contactId, dataListId } = await this.resolveListAndContact(dto);

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
        statusCallback: this.twilio.webhookUrl('call-status'),
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        recordingStatusCallback: this.twilio.webhookUrl('recording-status'),
        recordingStatusCallbackMethod: 'POST',
        recordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'],
      });
      sid = created.sid;
    } catch (error) {
      await this.prisma.callRecord.delete({ where: { id: call.id } }).catch(() => undefined);
      this.logger.warn(`Twilio refused a call to ${dto.to}: ${(error as Error).message}`);
      throw toHttpError(error, 'place the call');
    }
    const row = await this.prisma.callRecord.update({
      where: { id: call.id },
      data: { twilioCallSid: sid },
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
    if (agentId === undefined || agentId === caller.id) return caller.id;
    if (caller.role !== 'ADMIN' && caller.role !== 'SUPERVISOR') {
      throw new ForbiddenException('Only ADMIN and SUPERVISOR may place calls for another agent');
    }
    const agent = await this.prisma.user.findUnique({ where: { id: agentId }, select: { active: true } });
    if (!agent) throw new NotFoundException(`Agent ${agentId} not found`);
    if (!agent.active) throw new BadRequestException(`Agent ${agentId} is deactivated`);
    return agentId;
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
