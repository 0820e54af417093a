import { InjectQueue } from '@nestjs/bull';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../../services/config/app-config';
import { processJobs } from '../../services/queues/process-jobs';
import { BuildExportJob, JOB, QUEUE } from '../../services/queues/queues.constants';
import { ExportBuildRunner } from './export-build.runner';
import { ExportExpiryService } from './export-expiry.service';

/** Runs the exports queue: EXPORT_CONCURRENCY builds at once per worker, and the expiry sweep. */
@Injectable()
export class ExportsProcessor implements OnModuleInit {
  public constructor(
    private readonly config: AppConfig,
    private readonly expiry: ExportExpiryService,
    @InjectQueue(QUEUE.exports) private readonly queue: Queue,
    private readonly runner: ExportBuildRunner,
  ) {}

  public onModuleInit(): void {
    processJobs(this.queue, [
      { name: JOB.buildExport, concurrency: this.config.exports.concurrency, handle: (job: Job<BuildExportJob>) => this.build(job) },
      { name: JOB.expireExports, concurrency: 1, handle: () => this.expiry.sweep() },
    ]);
  }

  public async build(job: Job<BuildExportJob>): Promise<void> {
    const attempts = job.opts.attempts ?? 1;
    await this.runner.run(job.data.exportId, job.attemptsMade + 1 >= attempts);
  }
}
