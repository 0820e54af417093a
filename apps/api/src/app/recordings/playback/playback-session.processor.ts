import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { JOB, PlaybackSessionEndJob, QUEUE } from '../../../services/queues/queues.constants';
import { PlaybackSessions } from './playback-sessions.service';
import { errorMessage } from '../../../common/errors/error-message';

/** Closes playback sessions when their window ends: RECORDING_PLAYBACK_ENDED with their ranges. */
@Processor(QUEUE.maintenance)
export class PlaybackSessionProcessor {
  private readonly logger = new Logger(PlaybackSessionProcessor.name);

  public constructor(private readonly sessions: PlaybackSessions) {}

  @Process({ name: JOB.playbackSessionEnd, concurrency: 2 })
  public async end(job: Job<PlaybackSessionEndJob>): Promise<void> {
    try {
      await this.sessions.close(job.data);
    } catch (error) {
      this.logger.error(`Closing playback session ${job.data.sessionId} failed: ${errorMessage(error)}`);
      throw error;
    }
  }
}
