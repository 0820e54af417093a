import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '../../services/prisma/prisma.service';
import { CallNotYetKnownError } from './call-not-yet-known.error';

/**
 * Finds the call a Twilio callback is about. Our callback URLs carry our call record's id, so
 * a callback also finds a call whose create request never told us its CallSid (it timed out,
 * or Twilio answered faster than our request returned): the SID is written then, once.
 */
@Injectable()
export class CallLookupService {
  private readonly logger = new Logger(CallLookupService.name);

  public constructor(private readonly prisma: PrismaService) {}

  public async find(callSid: string, callRecordId: string | null): Promise<{ id: string; erasedAt: Date | null }> {
    const select = { id: true, erasedAt: true } as const;
    const known = await this.prisma.callRecord.findUnique({ where: { twilioCallSid: callSid }, select });
    if (known) return known;
    if (callRecordId) {
      const adopted = await this.prisma.callRecord.updateMany({
        where: { id: callRecordId, twilioCallSid: null },
        data: { twilioCallSid: callSid, errorMessage: null },
      });
      if (adopted.count > 0) this.logger.log(`Call ${callRecordId} learnt its CallSid ${callSid} from a callback`);
      const row = await this.prisma.callRecord.findUnique({ where: { twilioCallSid: callSid }, select });
      if (row) return row;
    }
    throw new CallNotYetKnownError(callSid);
  }
}
