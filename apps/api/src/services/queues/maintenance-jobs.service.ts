import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../config/app-config';
import { RedisService } from '../redis/redis.service';
import { errorMessage } from '../../common/errors/error-message';
import {
  ACCESS_DENIED_DIGEST_JOB_OPTIONS,
  AccessDeniedDigestJob,
  accessDeniedDigestJobId,
  AUDIT_CHECKPOINT_JOB_OPTIONS,
  JOB,
  OBJECT_LOCK_SYNC_JOB_ID,
  OBJECT_LOCK_SYNC_JOB_OPTIONS,
  OBJECT_LOCK_SYNC_REQUESTED_KEY,
  ObjectLockSyncJob,
  PLAYBACK_END_JOB_OPTIONS,
  playbackEndJobId,
  PlaybackSessionEndJob,
  PRUNE_WEBHOOK_EVENTS_JOB_OPTIONS,
  QUEUE,
  RECONCILE_JOB_OPTIONS,
  REQUEUE_WEBHOOK_DELIVERIES_JOB_OPTIONS,
  REQUEUE_WEBHOOK_EVENTS_JOB_OPTIONS,
  RETENTION_SWEEP_JOB_OPTIONS,
  RetentionSweepJob,
} from './queues.constants';

/** Producer for the maintenance queue: sweeps, digests, checkpoints and playback closings. */
@Injectable()
export class MaintenanceJobsService {
  private readonly logger = new Logger(MaintenanceJobsService.name);

  public constructor(
    private readonly config: AppConfig,
    @InjectQueue(QUEUE.maintenance) private readonly queue: Queue,
    private readonly redis: RedisService,
  ) {}

  /**
   * One reconciliation per id (a cron tick's, or a fresh one for a manual run): recordings'
   * sweep and, beside it, webhooks' requeue of events whose job was lost and outbound
   * webhooks' requeue of deliveries whose job was lost.
   */
  public async enqueueReconcile(jobId: string): Promise<void> {
    await this.queue.add(JOB.reconcileRecordings, {}, { ...RECONCILE_JOB_OPTIONS, jobId });
    await this.queue.add(JOB.requeueWebhookEvents, {}, { ...REQUEUE_WEBHOOK_EVENTS_JOB_OPTIONS, jobId: `${jobId}:webhooks` });
    await this.queue.add(JOB.requeueWebhookDeliveries, {}, { ...REQUEUE_WEBHOOK_DELIVERIES_JOB_OPTIONS, jobId: `${jobId}:deliveries` });
    // Also catches up on any trigger whose sync was lost (a failed enqueue, a crash).
    await this.enqueueObjectLockSync('reconciliation');
  }

  /**
   * Asks for an Object Lock sync (design 9.4) after something that changes what the bucket must
   * lock was committed: a policy, a hold, an outcome. Nothing to do while S3_OBJECT_LOCK is off.
   * Never throws: the change is already committed, and a sync lost here is made up by the next
   * reconciliation's. The flag is set before the job is added, so a sync running now (whose job
   * id makes this add a no-op) sees it when it finishes its pass and makes another.
   */
  public async enqueueObjectLockSync(reason: string): Promise<void> {
    if ((this.config.s3?.objectLock ?? 'off') === 'off') return;
    try {
      await this.redis.client.set(OBJECT_LOCK_SYNC_REQUESTED_KEY, reason);
      const data: ObjectLockSyncJob = { reason };
      await this.queue.add(JOB.objectLockSync, data, { ...OBJECT_LOCK_SYNC_JOB_OPTIONS, jobId: OBJECT_LOCK_SYNC_JOB_ID });
    } catch (error) {
      this.logger.error(`Could not ask for an Object Lock sync (${reason}): ${errorMessage(error)}; the next reconciliation catches up`);
    }
  }

  public async enqueueRetentionSweep(data: RetentionSweepJob, jobId: string): Promise<void> {
    await this.queue.add(JOB.retentionSweep, data, { ...RETENTION_SWEEP_JOB_OPTIONS, jobId });
  }

  public async enqueuePruneWebhookEvents(jobId: string): Promise<void> {
    await this.queue.add(JOB.pruneWebhookEvents, {}, { ...PRUNE_WEBHOOK_EVENTS_JOB_OPTIONS, jobId });
  }

  /** The closing of a playback session, once its window (and a grace) has passed. */
  public async enqueuePlaybackEnd(data: PlaybackSessionEndJob, delayMs: number): Promise<void> {
    await this.queue.add(JOB.playbackSessionEnd, data, {
      ...PLAYBACK_END_JOB_OPTIONS,
      jobId: playbackEndJobId(data.sessionId),
      delay: delayMs,
    });
  }

  /** One digest per address and minute, written once the minute has closed. */
  public async enqueueAccessDeniedDigest(data: AccessDeniedDigestJob, delayMs: number): Promise<void> {
    await this.queue.add(JOB.accessDeniedDigest, data, {
      ...ACCESS_DENIED_DIGEST_JOB_OPTIONS,
      jobId: accessDeniedDigestJobId(data.ip, data.minute),
      delay: delayMs,
    });
  }

  /**
   * A checkpoint every `everyMs`, as a Bull repeatable job: every worker adds the same one and
   * Bull keeps one job per interval across the cluster.
   */
  public async repeatAuditCheckpoint(everyMs: number): Promise<void> {
    // A changed AUDIT_CHECKPOINT_SECONDS would otherwise leave the old interval running too.
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === JOB.auditCheckpoint && job.every !== everyMs) await this.queue.removeRepeatableByKey(job.key);
    }
    await this.queue.add(JOB.auditCheckpoint, {}, { ...AUDIT_CHECKPOINT_JOB_OPTIONS, repeat: { every: everyMs } });
  }
}
