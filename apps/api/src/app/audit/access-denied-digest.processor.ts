import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { AccessDeniedDigestJob, JOB, QUEUE } from '../../services/queues/queues.constants';
import { MediaDenialsService } from './media-denials.service';
import { errorMessage } from '../../common/errors/error-message';

/** Writes the per-address, per-minute ACCESS_DENIED digests once their minute has closed. */
@Processor(QUEUE.maintenance)
export class AccessDeniedDigestProcessor {
  private readonly logger = new Logger(AccessDeniedDigestProcessor.name);

  public constructor(private readonly denials: MediaDenialsService) {}

  @Process({ name: JOB.accessDeniedDigest, concurrency: 1 })
  public async digest(job: Job<AccessDeniedDigestJob>): Promise<void> {
    try {
      await this.denials.writeDigest(job.data);
    } catch (error) {
      this.logger.error(`ACCESS_DENIED digest of ${job.data.ip} failed: ${errorMessage(error)}`);
      throw error;
    }
  }
}
