import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { CONTACT_IMPORT_JOB_OPTIONS, ContactImportJob, contactImportJobId, JOB, QUEUE } from './queues.constants';

/** Producer for the contact-imports queue: one job per uploaded CSV. */
@Injectable()
export class ContactImportJobsService {
  public constructor(@InjectQueue(QUEUE.contactImports) private readonly queue: Queue) {}

  public async enqueueImport(importId: string): Promise<void> {
    const data: ContactImportJob = { importId };
    await this.queue.add(JOB.importContacts, data, { ...CONTACT_IMPORT_JOB_OPTIONS, jobId: contactImportJobId(importId) });
  }
}
