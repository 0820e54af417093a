import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../../services/config/app-config';
import { processJobs } from '../../services/queues/process-jobs';
import { DownloadRecordingJob, JOB, QUEUE } from '../../services/queues/queues.constants';
import { RecordingDownloader } from './download/recording.downloader';
import { errorMessage } from '../../common/errors/error-message';

/**
 * Runs the recordings queue's jobs: downloads, DOWNLOAD_CONCURRENCY at once. The row's
 * bookkeeping, failures included, is the downloader's: only it knows whether this run still
 * owns the row.
 */
@Injectable()
export class RecordingsProcessor implements OnModuleInit {
  private readonly logger = new Logger(RecordingsProcessor.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly downloader: RecordingDownloader,
    @InjectQueue(QUEUE.recordings) private readonly queue: Queue,
  ) {}

  public onModuleInit(): void {
    processJobs(this.queue, [
      { name: JOB.downloadRecording, concurrency: this.config.downloadConcurrency, handle: (job: Job<DownloadRecordingJob>) => this.download(job) },
    ]);
  }

  public async download(job: Job<DownloadRecordingJob>): Promise<string> {
    const { recordingId, twilioRecordingSid } = job.data;
    const attempts = job.opts.attempts ?? 1;
    const finalAttempt = job.attemptsMade + 1 >= attempts;
    try {
      return await this.downloader.download(recordingId, { finalAttempt });
    } catch (error) {
      this.logger.warn(
        { recordingSid: twilioRecordingSid, attempt: job.attemptsMade + 1, of: attempts, final: finalAttempt },
        `Download of ${twilioRecordingSid} failed: ${errorMessage(error)}`,
      );
      throw error;
    }
  }
}
