import { InjectQueue } from '@nestjs/bull';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { processJobs } from '../../services/queues/process-jobs';
import { ContactImportJob, JOB, QUEUE } from '../../services/queues/queues.constants';
import { ContactImportRunner } from './contact-import.runner';

/** Runs the contact-imports queue: one import at a time per worker, as each is a long bulk write. */
@Injectable()
export class ContactImportsProcessor implements OnModuleInit {
  public constructor(
    @InjectQueue(QUEUE.contactImports) private readonly queue: Queue,
    private readonly runner: ContactImportRunner,
  ) {}

  public onModuleInit(): void {
    processJobs(this.queue, [
      { name: JOB.importContacts, concurrency: 1, handle: (job: Job<ContactImportJob>) => this.importContacts(job) },
    ]);
  }

  public async importContacts(job: Job<ContactImportJob>): Promise<void> {
    const attempts = job.opts.attempts ?? 1;
    await this.runner.run(job.data.importId, job.attemptsMade + 1 >= attempts);
  }
}
