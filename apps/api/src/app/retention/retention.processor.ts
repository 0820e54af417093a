import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { OnApplicationBootstrap } from '@nestjs/common';
import { RetentionRunDto } from '@callrec/contracts';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../../services/config/app-config';
import { JOB, QUEUE } from '../../services/queues/queues.constants';
import { ClusterCronService } from '../../services/schedule/cluster-cron.service';
import { RetentionSweepService } from './retention-sweep.service';

export interface RetentionSweepJob {
  trigger: 'cron' | 'manual';
  triggeredBy?: string;
}

/** The nightly tick only enqueues; the sweep itself runs here, in a worker. */
@Processor(QUEUE.maintenance)
export class RetentionProcessor implements OnApplicationBootstrap {
  public constructor(
    private readonly config: AppConfig,
    private readonly cron: ClusterCronService,
    private readonly sweeps: RetentionSweepService,
    @InjectQueue(QUEUE.maintenance) private readonly queue: Queue,
  ) {}

  public onApplicationBootstrap(): void {
    this.cron.schedule('retention-sweep', this.config.retentionCron, (tickId) =>
      this.queue.add(JOB.retentionSweep, { trigger: 'cron' } satisfies RetentionSweepJob, {
        jobId: tickId,
        removeOnComplete: 100,
        removeOnFail: 100,
      }).then(() => undefined),
    );
  }

  @Process({ name: JOB.retentionSweep, concurrency: 1 })
  public async sweep(job: Job<RetentionSweepJob>): Promise<RetentionRunDto | null> {
    return this.sweeps.sweep(job.data.trigger, job.data.triggeredBy ?? null);
  }
}
