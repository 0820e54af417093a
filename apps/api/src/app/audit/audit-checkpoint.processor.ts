import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditCheckpointDto } from '@callrec/contracts';
import type { Queue } from 'bull';
import { AppConfig } from '../../services/config/app-config';
import { JOB, QUEUE } from '../../services/queues/queues.constants';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { errorMessage } from '../../common/errors/error-message';

/**
 * Signs a checkpoint every AUDIT_CHECKPOINT_SECONDS while new events arrive. The schedule is a
 * Bull repeatable job: every worker adds the same one and Bull keeps one job per interval
 * across the cluster, so the checkpoint is signed once however many workers run.
 */
@Processor(QUEUE.maintenance)
export class AuditCheckpointProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditCheckpointProcessor.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly checkpoints: AuditCheckpointService,
    @InjectQueue(QUEUE.maintenance) private readonly queue: Queue,
  ) {}

  public onApplicationBootstrap(): void {
    if (!this.config.cronEnabled) {
      this.logger.log('Audit checkpoints are not scheduled in this process (CRON_ENABLED=false)');
      return;
    }
    // Not awaited: a Redis that is still starting must not hold up the boot.
    this.schedule().catch((error: Error) => this.logger.error(`Could not schedule audit checkpoints: ${error.message}`, error.stack));
  }

  @Process({ name: JOB.auditCheckpoint, concurrency: 1 })
  public async checkpoint(): Promise<AuditCheckpointDto | null> {
    try {
      return await this.checkpoints.checkpointIfAdvanced();
    } catch (error) {
      this.logger.error(`Audit checkpoint failed: ${errorMessage(error)}`);
      throw error;
    }
  }

  private async schedule(): Promise<void> {
    const every = this.config.auditCheckpointSeconds * 1000;
    // A changed AUDIT_CHECKPOINT_SECONDS would otherwise leave the old interval running too.
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === JOB.auditCheckpoint && job.every !== every) await this.queue.removeRepeatableByKey(job.key);
    }
    await this.queue.add(JOB.auditCheckpoint, {}, { repeat: { every }, removeOnComplete: 100, removeOnFail: 100 });
    this.logger.log(`Audit checkpoints scheduled every ${this.config.auditCheckpointSeconds}s`);
  }
}
