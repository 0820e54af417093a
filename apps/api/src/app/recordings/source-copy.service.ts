import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '../../services/prisma/prisma.service';
import { TwilioService } from '../../services/twilio/twilio.service';
import { errorMessage } from '../../common/errors/error-message';

export type SourceRemoval = { result: 'deleted' | 'already-gone' } | { result: 'failed'; error: string };

/** Twilio's copy of a recording: deleted after a verified store or an erasure, and noted on the row. */
@Injectable()
export class SourceCopyService {
  private readonly logger = new Logger(SourceCopyService.name);

  public constructor(
    private readonly prisma: PrismaService,
    private readonly twilio: TwilioService,
  ) {}

  /** Deletes Twilio's copy; a failure is reported (and retried by reconciliation), never thrown. */
  public async remove(recordingId: string, sid: string): Promise<SourceRemoval> {
    let outcome: SourceRemoval = { result: 'deleted' };
    try {
      await this.twilio.client.recordings(sid).remove();
    } catch (error) {
      if ((error as { status?: number }).status !== 404) {
        const message = errorMessage(error);
        this.logger.warn(`Could not delete ${sid} at Twilio: ${message}`);
        return { result: 'failed', error: message };
      }
      outcome = { result: 'already-gone' };
    }
    await this.prisma.recording.update({ where: { id: recordingId }, data: { deletedAtSource: new Date() } });
    this.logger.log({ recordingSid: sid, step: 'deleted-at-source' }, `Deleted Twilio's copy of ${sid}`);
    return outcome;
  }
}
