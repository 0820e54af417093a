import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ExportJobsService } from '../queues/export-jobs.service';
import { MaintenanceJobsService } from '../queues/maintenance-jobs.service';
import { ClusterCronService } from './cluster-cron.service';

/** Daily, at a quiet hour and away from the retention sweep (02:00 UTC). */
const PRUNE_WEBHOOK_EVENTS_CRON = '30 3 * * *';
/** Every minute: an expired or used export link's bundle does not stay on disk for long. */
const EXPIRE_EXPORTS_CRON = '* * * * *';

/**
 * Every schedule of the API in one place. A tick only enqueues a job (MaintenanceJobsService,
 * ExportJobsService); a worker's processor runs it. Schedules live in worker processes only.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulesService.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly cron: ClusterCronService,
    private readonly exports: ExportJobsService,
    private readonly jobs: MaintenanceJobsService,
  ) {}

  public onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.cron.schedule('reconcile-recordings', this.config.reconcileCron, (tickId) => this.jobs.enqueueReconcile(tickId));
    this.cron.schedule('retention-sweep', this.config.retentionCron, (tickId) =>
      this.jobs.enqueueRetentionSweep({ trigger: 'cron' }, tickId),
    );
    this.cron.schedule('prune-webhook-events', PRUNE_WEBHOOK_EVENTS_CRON, (tickId) => this.jobs.enqueuePruneWebhookEvents(tickId));
    this.cron.schedule('expire-exports', EXPIRE_EXPORTS_CRON, () => this.exports.enqueueExpiry());
    this.scheduleAuditCheckpoints();
  }

  /**
   * Signs a checkpoint every AUDIT_CHECKPOINT_SECONDS while new events arrive. A Bull repeatable
   * job rather than a cron: Bull keeps one job per interval across the cluster, so the
   * checkpoint is signed once however many workers run.
   */
  private scheduleAuditCheckpoints(): void {
    if (!this.config.cronEnabled) {
      this.logger.log('Audit checkpoints are not scheduled in this process (CRON_ENABLED=false)');
      return;
    }
    // Not awaited: a Redis that is still starting must not hold up the boot.
    this.jobs
      .repeatAuditCheckpoint(this.config.auditCheckpointSeconds * 1000)
      .then(() => this.logger.log(`Audit checkpoints scheduled every ${this.config.auditCheckpointSeconds}s`))
      .catch((error: Error) => this.logger.error(`Could not schedule audit checkpoints: ${error.message}`, error.stack));
  }
}
