import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { AppConfig } from '../../services/config/app-config';
import {
  CAPPED_EXPONENTIAL,
  CappedBackoffOptions,
  downloadJobId,
  DownloadRecordingJob,
  JOB,
  QUEUE,
} from '../../services/queues/queues.constants';

/** Producer for the recordings queue: one download job per recording, never two at once. */
@Injectable()
export class RecordingJobsService {
  public constructor(
    private readonly config: AppConfig,
    @InjectQueue(QUEUE.recordings) private readonly queue: Queue,
    @InjectQueue(QUEUE.maintenance) private readonly maintenance: Queue,
  ) {}

  /** One reconciliation job per id: a cron tick's id, or a fresh one for a manual run. */
  public async enqueueReconcile(jobId: string): Promise<void> {
    await this.maintenance.add(JOB.reconcileRecordings, {}, { jobId, attempts: 3, backoff: 30_000, removeOnComplete: 100, removeOnFail: 100 });
  }

  public get downloadOptions(): JobOptions {
    return {
      attempts: this.config.downloadAttempts,
      backoff: {
        type: CAPPED_EXPONENTIAL,
        options: { delay: this.config.downloadBackoffMs, maxDelay: this.config.downloadBackoffMaxMs } satisfies CappedBackoffOptions,
      },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    };
  }

  /**
   * Enqueues the download unless one for this recording is already waiting or running.
   * A finished job with the same id is removed first, so a retry is never silently ignored.
   */
  public async enqueueDownload(data: DownloadRecordingJob): Promise<void> {
    const jobId = downloadJobId(data.twilioRecordingSid);
    const existing = await this.queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'completed' || state === 'failed') {
        await existing.remove().catch(() => undefined);
      } else {
        return;
      }
    }
    await this.queue.add(JOB.downloadRecording, data, { ...this.downloadOptions, jobId });
  }
}
