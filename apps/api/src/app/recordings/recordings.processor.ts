import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { DownloadRecordingJob, JOB, QUEUE } from '../../services/queues/queues.constants';
import { RecordingDownloader } from './download/recording-downloader.service';

/**
 * Runs download jobs. Registered by hand rather than with @Process so that its concurrency
 * comes from the validated config (DOWNLOAD_CONCURRENCY).
 */
@Injectable()
export class RecordingsProcessor implements OnModuleInit {
  private readonly logger = new Logger(RecordingsProcessor.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly downloader: RecordingDownloader,
    private readonly prisma: PrismaService,
    @InjectQueue(QUEUE.recordings) private readonly queue: Queue,
  ) {}

  public onModuleInit(): void {
    void this.queue.process(JOB.downloadRecording, this.config.downloadConcurrency, (job: Job<DownloadRecordingJob>) =>
      this.download(job),
    );
  }

  public async download(job: Job<DownloadRecordingJob>): Promise<string> {
    const { recordingId, twilioRecordingSid } = job.data;
    try {
      return await this.downloader.download(recordingId);
    } catch (error) {
      const message = (error as Error).message;
      const attempts = job.opts.attempts ?? 1;
      const final = job.attemptsMade + 1 >= attempts;
      this.logger.warn(
        { recordingSid: twilioRecordingSid, attempt: job.attemptsMade + 1, of: attempts, final },
        `Download of ${twilioRecordingSid} failed: ${message}`,
      );
      // Between attempts the row says PENDING with the reason; after the last one, FAILED.
      await this.prisma.recording.updateMany({
        where: { id: recordingId, status: 'DOWNLOADING' },
        data: { status: final ? 'FAILED' : 'PENDING', lastError: message.slice(0, 1000) },
      });
      throw error;
    }
  }
}
