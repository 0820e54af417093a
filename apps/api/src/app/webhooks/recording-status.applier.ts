import { Injectable, Logger } from '@nestjs/common';
import { RecordingStatus } from '../../generated/prisma/enums';
import { LiveEventsService } from '../../services/events/live-events.service';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RecordingJobsService } from '../../services/queues/recording-jobs.service';
import { ErasureService } from '../recordings/deletion/erasure.service';
import { CallLookupService } from './call-lookup.service';
import { CALL_SID, dateParam, intParam, param, RECORDING_SID, requireParam, TwilioParams } from './twilio-params';

const TWILIO_ERRORS: Record<number, string> = {
  16101: 'the call was too short to record',
  16102: 'the recording was silent and Twilio deleted it',
};

// Once a recording is in our storage (or deliberately gone), no callback may change it.
const SETTLED: RecordingStatus[] = ['DOWNLOADING', 'STORED', 'DELETING', 'DELETED'];

/** Applies one recording-status callback and starts the download of a completed recording. */
@Injectable()
export class RecordingStatusApplier {
  private readonly logger = new Logger(RecordingStatusApplier.name);

  public constructor(
    private readonly calls: CallLookupService,
    private readonly erasure: ErasureService,
    private readonly events: LiveEventsService,
    private readonly jobs: RecordingJobsService,
    private readonly prisma: PrismaService,
  ) {}

  public async apply(params: TwilioParams, callRecordId: string | null): Promise<void> {
    const callSid = requireParam(params, 'CallSid', CALL_SID);
    const recordingSid = requireParam(params, 'RecordingSid', RECORDING_SID);
    const twilioStatus = requireParam(params, 'RecordingStatus');
    const call = await this.calls.find(callSid, callRecordId);
    // The call's number was erased while it was still going on: its recording is erased on
    // arrival (never stored), and Twilio's copy once Twilio has finished it.
    const eraseIfErased = async (recordingId: string) =>
      call.erasedAt !== null &&
      (await this.erasure.eraseOnArrival(recordingId, { removeAtSource: twilioStatus === 'completed' || twilioStatus === 'absent' }));

    const facts = {
      channels: intParam(params, 'RecordingChannels'),
      source: param(params, 'RecordingSource') ?? null,
      startedAt: dateParam(params, 'RecordingStartTime'),
    };
    const base = { callRecordId: call.id, twilioRecordingSid: recordingSid, ...facts };

    switch (twilioStatus) {
      case 'in-progress': {
        const recording = await this.prisma.recording.upsert({
          where: { twilioRecordingSid: recordingSid },
          create: { ...base, status: 'PENDING' },
          update: {},
          select: { id: true },
        });
        await eraseIfErased(recording.id);
        break;
      }
      case 'completed': {
        const twilioDuration = intParam(params, 'RecordingDuration');
        const recording = await this.prisma.recording.upsert({
          where: { twilioRecordingSid: recordingSid },
          create: { ...base, twilioDuration, status: 'PENDING' },
          update: { ...facts, twilioDuration },
          select: { id: true, status: true },
        });
        if (await eraseIfErased(recording.id)) break;
        if (recording.status === 'PENDING') {
          await this.jobs.enqueueDownload({ recordingId: recording.id, twilioRecordingSid: recordingSid });
        }
        break;
      }
      case 'absent':
      case 'failed': {
        const errorCode = intParam(params, 'ErrorCode');
        const status: RecordingStatus = twilioStatus === 'absent' ? 'ABSENT' : 'FAILED';
        const lastError = `Twilio reports the recording ${twilioStatus}${errorCode ? ` (error ${errorCode}${TWILIO_ERRORS[errorCode] ? `: ${TWILIO_ERRORS[errorCode]}` : ''})` : ''}`;
        const updated = await this.prisma.recording.upsert({
          where: { twilioRecordingSid: recordingSid },
          create: { ...base, status, errorCode, lastError },
          update: {},
          select: { id: true },
        });
        await this.prisma.recording.updateMany({
          where: { twilioRecordingSid: recordingSid, status: { notIn: SETTLED } },
          data: { status, errorCode, lastError },
        });
        await eraseIfErased(updated.id);
        break;
      }
      default:
        this.logger.warn(`Ignored unknown RecordingStatus "${twilioStatus}" for ${recordingSid}`);
        return;
    }
    await this.events.publish({ type: 'call.updated', callRecordId: call.id });
  }
}
