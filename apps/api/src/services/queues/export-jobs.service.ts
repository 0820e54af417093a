import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import {
  BUILD_EXPORT_JOB_OPTIONS,
  BuildExportJob,
  buildExportJobId,
  EXPIRE_EXPORTS_JOB_ID,
  EXPIRE_EXPORTS_JOB_OPTIONS,
  JOB,
  QUEUE,
} from './queues.constants';

/** Producer for the exports queue: one build job per export, and the expiry sweep. */
@Injectable()
export class ExportJobsService {
  public constructor(@InjectQueue(QUEUE.exports) private readonly queue: Queue) {}

  public async enqueueBuild(exportId: string): Promise<void> {
    const data: BuildExportJob = { exportId };
    await this.queue.add(JOB.buildExport, data, { ...BUILD_EXPORT_JOB_OPTIONS, jobId: buildExportJobId(exportId) });
  }

  public async enqueueExpiry(): Promise<void> {
    await this.queue.add(JOB.expireExports, {}, { ...EXPIRE_EXPORTS_JOB_OPTIONS, jobId: EXPIRE_EXPORTS_JOB_ID });
  }
}
