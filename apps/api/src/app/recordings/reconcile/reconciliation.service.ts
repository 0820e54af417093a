import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../services/config/app-config';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { RecordingJobsService } from '../../../services/queues/recording-jobs.service';
import { RecordingStores } from '../../../services/storage/recording-stores';
import type { RecordingInstance } from 'twilio/lib/rest/api/v2010/account/recording';
import { TwilioService } from '../../../services/twilio/twilio.service';
import { ErasureService } from '../deletion/erasure.service';
import { Prisma } from '../../../generated/prisma/client';
import { SourceCopyService } from '../source-copy.service';
import { OrphanAdoptionService } from './orphan-adoption.service';
import { UnconfirmedCallsService } from './unconfirmed-calls.service';

export interface ReconcileSummary {
  /** Calls whose create request failed but which Twilio placed, found and completed by CallSid. */
  callsAdopted: number;
  /** Calls kept after an unclear failure that Twilio never placed, now marked failed. */
  callsNeverPlaced: number;
  twilioRecordings: number;
  discovered: number;
  requeued: number;
  /** Recordings no call of ours owned: an orphan call was created from Twilio's Call resource (design 9.7). */
  orphansAdopted: number;
  /** Recordings whose call Twilio no longer gives (or could not give this time): left for the next run. */
  unknownCalls: number;
  deletedAtSource: number;
  partialFilesRemoved: number;
}

const PARTIAL_FILE_MAX_AGE_MS = 6 * 3600_000;

/**
 * The safety net under the webhooks: lists what Twilio holds for recent calls and makes sure
 * every completed recording of ours is stored or on its way, so a lost callback, a lost
 * enqueue or a killed worker never means a lost recording. Callbacks stored but never applied
 * are webhooks' own requeue, a job enqueued beside this one (MaintenanceJobsService.enqueueReconcile).
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly erasure: ErasureService,
    private readonly jobs: RecordingJobsService,
    private readonly orphans: OrphanAdoptionService,
    private readonly prisma: PrismaService,
    private readonly sourceCopies: SourceCopyService,
    private readonly stores: RecordingStores,
    private readonly twilio: TwilioService,
    private readonly unconfirmed: UnconfirmedCallsService,
  ) {}

  public async run(): Promise<ReconcileSummary> {
    const summary: ReconcileSummary = {
      callsAdopted: 0,
      callsNeverPlaced: 0,
      twilioRecordings: 0,
      discovered: 0,
      requeued: 0,
      orphansAdopted: 0,
      unknownCalls: 0,
      deletedAtSource: 0,
      partialFilesRemoved: 0,
    };
    const settled = await this.unconfirmed.settle();
    summary.callsAdopted = settled.adopted;
    summary.callsNeverPlaced = settled.neverPlaced;
    const since = new Date(Date.now() - this.config.reconcileLookbackHours * 3600_000);
    const remote = await this.twilio.client.recordings.list({ dateCreatedAfter: since, pageSize: 1000 });
    summary.twilioRecordings = remote.length;
    for (const item of remote) {
      if (item.status !== 'completed' && item.status !== 'absent') continue;
      const known = await this.prisma.recording.findUnique({
        where: { twilioRecordingSid: item.sid },
        select: { id: true, status: true, updatedAt: true },
      });
      if (!known) {
        let call = await this.prisma.callRecord.findUnique({ where: { twilioCallSid: item.callSid }, select: { id: true, erasedAt: true } });
        if (!call) {
          const owner = await this.orphans.ownerOf(item.callSid, item.sid);
          if (owner.call === null) {
            summary.unknownCalls += 1;
            this.logger.warn(`Recording ${item.sid} left for the next reconciliation: ${owner.reason}`);
            continue;
          }
          if (owner.orphanAdopted) summary.orphansAdopted += 1;
          call = owner.call;
        }
        const absent = item.status === 'absent';
        const created = await this.createRecording(call.id, item, absent);
        // A callback or a concurrent reconciliation created it meanwhile: it is on its way.
        if (!created) continue;
        if (call.erasedAt !== null && (await this.erasure.eraseOnArrival(created.id, { removeAtSource: true }))) {
          summary.discovered += 1;
          continue;
        }
        if (!absent) await this.jobs.enqueueDownload({ recordingId: created.id, twilioRecordingSid: item.sid });
        summary.discovered += 1;
        this.logger.warn(`Found ${item.sid} at Twilio with no callback received; ${absent ? 'marked ABSENT' : 'downloading it'}`);
        continue;
      }
      const age = Date.now() - known.updatedAt.getTime();
      // PENDING rows within the grace are in their normal first attempt; a DOWNLOADING row
      // that has not moved for the stuck time lost its worker.
      const pendingTooLong = known.status === 'PENDING' && age > this.config.reconcileGraceSeconds * 1000;
      const stuck = known.status === 'DOWNLOADING' && age > this.config.reconcileStuckSeconds * 1000;
      if (pendingTooLong || stuck) {
        await this.jobs.enqueueDownload({ recordingId: known.id, twilioRecordingSid: item.sid });
        summary.requeued += 1;
      }
    }
    summary.deletedAtSource = await this.finishDeletesAtSource();
    summary.partialFilesRemoved = 0;
    for (const store of this.stores.all()) summary.partialFilesRemoved += await store.removeStalePartials(PARTIAL_FILE_MAX_AGE_MS);
    this.logger.log(summary, 'Reconciliation finished');
    return summary;
  }

  /** The recording's row, or null when a callback or a concurrent reconciliation created it first. */
  private async createRecording(callRecordId: string, item: RecordingInstance, absent: boolean): Promise<{ id: string } | null> {
    try {
      return await this.prisma.recording.create({
        data: {
          callRecordId,
          twilioRecordingSid: item.sid,
          status: absent ? 'ABSENT' : 'PENDING',
          channels: item.channels ?? null,
          source: item.source ?? null,
          startedAt: item.startTime ?? null,
          twilioDuration: item.duration !== null && item.duration !== undefined ? Number(item.duration) : null,
          errorCode: absent ? (item.errorCode ?? null) : null,
          lastError: absent ? 'Twilio reports the recording absent (found by reconciliation)' : null,
        },
        select: { id: true },
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
      throw error;
    }
  }

  /**
   * Twilio copies still to delete: of stored recordings when DELETE_AT_SOURCE is on, and of
   * erased recordings whatever it says (an erasure that could not reach Twilio at the time).
   */
  private async finishDeletesAtSource(): Promise<number> {
    const pending = await this.prisma.recording.findMany({
      where: {
        deletedAtSource: null,
        OR: [
          ...(this.config.deleteAtSource ? [{ status: 'STORED' as const }] : []),
          // Only once Twilio has finished it (its completed callback or listing gave the duration).
          { status: 'DELETED', callRecord: { erasedAt: { not: null } }, deletedBy: { startsWith: 'erasure:' }, twilioDuration: { not: null } },
        ],
      },
      select: { id: true, twilioRecordingSid: true },
      take: 500,
    });
    let removed = 0;
    for (const recording of pending) {
      if ((await this.sourceCopies.remove(recording.id, recording.twilioRecordingSid)).result !== 'failed') removed += 1;
    }
    return removed;
  }
}
