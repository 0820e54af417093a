import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { RECORDING_STATUSES, RecordingStatus } from '@callrec/contracts';
import type { Queue } from 'bull';
import { PrismaService } from '../../services/prisma/prisma.service';
import { QUEUE } from '../../services/queues/queues.constants';

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface PipelineStats {
  recordings: Record<RecordingStatus, number>;
  queues: Record<string, QueueDepth>;
}

/** Where recordings stand and how much work is queued: for health details and metrics. */
@Injectable()
export class PipelineStatsService {
  private readonly queues: Record<string, Queue>;

  public constructor(
    private readonly prisma: PrismaService,
    @InjectQueue(QUEUE.webhooks) webhooks: Queue,
    @InjectQueue(QUEUE.recordings) recordings: Queue,
    @InjectQueue(QUEUE.maintenance) maintenance: Queue,
    @InjectQueue(QUEUE.outboundWebhooks) outboundWebhooks: Queue,
  ) {
    this.queues = {
      [QUEUE.webhooks]: webhooks,
      [QUEUE.recordings]: recordings,
      [QUEUE.maintenance]: maintenance,
      [QUEUE.outboundWebhooks]: outboundWebhooks,
    };
  }

  public async stats(): Promise<PipelineStats> {
    const [groups, queues] = await Promise.all([
      this.prisma.recording.groupBy({ by: ['status'], _count: { _all: true } }),
      Promise.all(
        Object.entries(this.queues).map(async ([name, queue]) => {
          const counts = await queue.getJobCounts();
          return [name, { waiting: counts.waiting, active: counts.active, delayed: counts.delayed, failed: counts.failed }] as const;
        }),
      ),
    ]);
    const recordings = Object.fromEntries(RECORDING_STATUSES.map((status) => [status, 0])) as Record<RecordingStatus, number>;
    for (const group of groups) recordings[group.status] = group._count._all;
    return { recordings, queues: Object.fromEntries(queues) };
  }
}
