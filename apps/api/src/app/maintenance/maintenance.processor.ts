import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AuditCheckpointDto, RetentionRunDto } from '@callrec/contracts';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../../services/config/app-config';
import { processJobs } from '../../services/queues/process-jobs';
import {
  AccessDeniedDigestJob,
  JOB,
  ObjectLockSyncJob,
  PlaybackSessionEndJob,
  QUEUE,
  RetentionSweepJob,
} from '../../services/queues/queues.constants';
import { AuditCheckpointService } from '../audit/audit-checkpoint.service';
import { MediaDenialsService } from '../audit/media-denials.service';
import { ObjectLockSyncService, ObjectLockSyncSummary } from '../object-lock/object-lock-sync.service';
import { WebhookDeliveryService } from '../outbound-webhooks/webhook-delivery.service';
import { PlaybackSessionsService } from '../recordings/playback/playback-sessions.service';
import { ReconcileSummary, ReconciliationService } from '../recordings/reconcile/reconciliation.service';
import { RetentionSweepService } from '../retention/retention-sweep.service';
import { WebhookEventPruner } from '../webhooks/webhook-event.pruner';
import { errorMessage } from '../../common/errors/error-message';
import { WebhooksService } from '../webhooks/webhooks.service';

/**
 * Runs the maintenance queue's jobs, which belong to several features: each handler hands its
 * job to the feature's service. Nothing here schedules (see SchedulesService); each kind of job
 * runs MAINTENANCE_CONCURRENCY at once, playback closings PLAYBACK_END_CONCURRENCY.
 */
@Injectable()
export class MaintenanceProcessor implements OnModuleInit {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  public constructor(
    private readonly checkpoints: AuditCheckpointService,
    private readonly config: AppConfig,
    private readonly deliveries: WebhookDeliveryService,
    private readonly denials: MediaDenialsService,
    private readonly objectLocks: ObjectLockSyncService,
    private readonly pruner: WebhookEventPruner,
    @InjectQueue(QUEUE.maintenance) private readonly queue: Queue,
    private readonly reconciliation: ReconciliationService,
    private readonly sessions: PlaybackSessionsService,
    private readonly sweeps: RetentionSweepService,
    private readonly webhooks: WebhooksService,
  ) {}

  public onModuleInit(): void {
    const concurrency = this.config.maintenanceConcurrency;
    processJobs(this.queue, [
      { name: JOB.reconcileRecordings, concurrency, handle: () => this.reconcile() },
      { name: JOB.requeueWebhookEvents, concurrency, handle: () => this.requeueWebhookEvents() },
      { name: JOB.requeueWebhookDeliveries, concurrency, handle: () => this.requeueWebhookDeliveries() },
      { name: JOB.retentionSweep, concurrency, handle: (job: Job<RetentionSweepJob>) => this.sweep(job) },
      { name: JOB.auditCheckpoint, concurrency, handle: () => this.checkpoint() },
      { name: JOB.accessDeniedDigest, concurrency, handle: (job: Job<AccessDeniedDigestJob>) => this.digest(job) },
      {
        name: JOB.playbackSessionEnd,
        concurrency: this.config.playbackEndConcurrency,
        handle: (job: Job<PlaybackSessionEndJob>) => this.endPlayback(job),
      },
      { name: JOB.pruneWebhookEvents, concurrency, handle: () => this.pruneWebhookEvents() },
      { name: JOB.objectLockSync, concurrency, handle: (job: Job<ObjectLockSyncJob>) => this.syncObjectLocks(job) },
    ]);
  }

  private async reconcile(): Promise<ReconcileSummary> {
    const started = performance.now();
    const summary = await this.reconciliation.run();
    this.logger.log(`Reconciliation took ${seconds(started)}s`);
    return summary;
  }

  private async requeueWebhookEvents(): Promise<{ webhooksRequeued: number }> {
    const webhooksRequeued = await this.webhooks.requeueLost();
    this.logger.log({ webhooksRequeued }, 'Requeue of lost webhook events finished');
    return { webhooksRequeued };
  }

  private async requeueWebhookDeliveries(): Promise<{ deliveriesRequeued: number }> {
    const deliveriesRequeued = await this.deliveries.requeueOverdue();
    this.logger.log({ deliveriesRequeued }, 'Requeue of overdue outbound webhook deliveries finished');
    return { deliveriesRequeued };
  }

  private sweep(job: Job<RetentionSweepJob>): Promise<RetentionRunDto | null> {
    return this.sweeps.sweep(job.data.trigger, job.data.triggeredBy ?? null);
  }

  private checkpoint(): Promise<AuditCheckpointDto | null> {
    return this.logFailure('Audit checkpoint', () => this.checkpoints.checkpointIfAdvanced());
  }

  /** The per-address, per-minute ACCESS_DENIED digest, once its minute has closed. */
  private digest(job: Job<AccessDeniedDigestJob>): Promise<void> {
    return this.logFailure(`ACCESS_DENIED digest of ${job.data.ip}`, () => this.denials.writeDigest(job.data));
  }

  /** A playback session's window has ended: RECORDING_PLAYBACK_ENDED with its ranges. */
  private endPlayback(job: Job<PlaybackSessionEndJob>): Promise<void> {
    return this.logFailure(`Closing playback session ${job.data.sessionId}`, () => this.sessions.close(job.data));
  }

  private async pruneWebhookEvents(): Promise<{ deleted: number }> {
    const started = performance.now();
    const deleted = await this.pruner.prune();
    this.logger.log(`Pruning webhook events took ${seconds(started)}s (${deleted} deleted)`);
    return { deleted };
  }

  /** The bucket's retain-until dates and legal holds brought in line with retention and holds. */
  private syncObjectLocks(job: Job<ObjectLockSyncJob>): Promise<ObjectLockSyncSummary | null> {
    return this.logFailure(`Object Lock sync (${job.data.reason})`, () => this.objectLocks.sync(job.data.reason));
  }

  /** Logs a failed job by what it was about, then fails it so that Bull retries it. */
  private async logFailure<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.logger.error(`${what} failed: ${errorMessage(error)}`);
      throw error;
    }
  }
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(2);
}
