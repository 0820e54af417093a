import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../config/app-config';
import { downloadJobId, downloadJobOptions, DownloadRecordingJob, JOB, QUEUE } from './queues.constants';

/** Producer for the recordings queue: one download job per recording, never two at once. */
@Injectable()
export class RecordingJobsService {
  public constructor(
    private readonly config: AppConfig,
    @InjectQueue(QUEUE.recordings) private readonly queue: Queue,
  ) {}

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
    await this.queue.add(JOB.downloadRecording, data, { ...downloadJobOptions(this.config), jobId });
  }
}
