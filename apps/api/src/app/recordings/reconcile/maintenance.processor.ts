import { Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../../services/config/app-config';
import { JOB, QUEUE } from '../../../services/queues/queues.constants';
import { ClusterCronService } from '../../../services/schedule/cluster-cron.service';
import { RecordingJobsService } from '../recording-jobs.service';
import { ReconcileSummary, ReconciliationService } from './reconciliation.service';

/** Schedules the reconciliation sweep (the tick only enqueues) and runs it. */
@Processor(QUEUE.maintenance)
export class MaintenanceProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly cron: ClusterCronService,
    private readonly jobs: RecordingJobsService,
    private readonly reconciliation: ReconciliationService,
  ) {}

  public onApplicationBootstrap(): void {
    this.cron.schedule('reconcile-recordings', this.config.reconcileCron, (tickId) => this.jobs.enqueueReconcile(tickId));
  }

  @Process({ name: JOB.reconcileRecordings, concurrency: 1 })
  public async reconcile(): Promise<ReconcileSummary> {
    const started = performance.now();
    const summary = await this.reconciliation.run();
    this.logger.log(`Reconciliation took ${((performance.now() - started) / 1000).toFixed(2)}s`);
    return summary;
  }
}
