import { Injectable } from '@nestjs/common';
import { MANUAL_DIAL_LABEL, UNASSIGNED_AGENT_LABEL, PipelineOverview, PipelineRecording } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../services/prisma/prisma.service';
import { PipelineStatsService } from './pipeline-stats.service';
import { WebhookDeadLettersService } from '../webhooks/webhook-dead-letters.service';

const STUCK_AFTER_MS = 10 * 60_000;
const LIST_LIMIT = 100;

const ROW_SELECT = {
  id: true,
  twilioRecordingSid: true,
  status: true,
  attempts: true,
  lastError: true,
  errorCode: true,
  updatedAt: true,
  callRecord: {
    select: { id: true, placedAt: true, toNumber: true, agent: { select: { name: true } }, dataList: { select: { name: true } } },
  },
} satisfies Prisma.RecordingSelect;

/** The pipeline page: counts, queue depth, and every recording and parked callback that needs a person today. */
@Injectable()
export class PipelineService {
  public constructor(
    private readonly deadLetters: WebhookDeadLettersService,
    private readonly prisma: PrismaService,
    private readonly stats: PipelineStatsService,
  ) {}

  public async overview(): Promise<PipelineOverview> {
    const stuckBefore = new Date(Date.now() - STUCK_AFTER_MS);
    const [stats, failed, stuck, undeletable, parkedWebhookEvents] = await Promise.all([
      this.stats.stats(),
      this.prisma.recording.findMany({ where: { status: 'FAILED' }, orderBy: { updatedAt: 'desc' }, take: LIST_LIMIT, select: ROW_SELECT }),
      this.prisma.recording.findMany({
        where: { status: { in: ['PENDING', 'DOWNLOADING'] }, updatedAt: { lt: stuckBefore } },
        orderBy: { updatedAt: 'asc' },
        take: LIST_LIMIT,
        select: ROW_SELECT,
      }),
      // A DELETING row with an error is one whose audio could not be removed (see RecordingDeleter).
      this.prisma.recording.findMany({
        where: { status: 'DELETING', lastError: { not: null } },
        orderBy: { updatedAt: 'asc' },
        take: LIST_LIMIT,
        select: ROW_SELECT,
      }),
      this.deadLetters.parked(),
    ]);
    return {
      counts: stats.recordings,
      queues: stats.queues,
      failed: failed.map(toRow),
      stuck: stuck.map(toRow),
      undeletable: undeletable.map(toRow),
      parkedWebhookEvents,
    };
  }
}

function toRow(row: Prisma.RecordingGetPayload<{ select: typeof ROW_SELECT }>): PipelineRecording {
  const { callRecord, updatedAt, ...rest } = row;
  return {
    ...rest,
    updatedAt: updatedAt.toISOString(),
    call: {
      id: callRecord.id,
      placedAt: callRecord.placedAt.toISOString(),
      toNumber: callRecord.toNumber,
      agentName: callRecord.agent?.name ?? UNASSIGNED_AGENT_LABEL,
      dataListLabel: callRecord.dataList?.name ?? MANUAL_DIAL_LABEL,
    },
  };
}
