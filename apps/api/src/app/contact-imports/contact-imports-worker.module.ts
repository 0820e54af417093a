import { Module } from '@nestjs/common';
import { ContactImportRunner } from './contact-import.runner';
import { ContactImportsProcessor } from './contact-imports.processor';

/** Running queued imports: imported only where this process is a worker (APP_ROLE worker or all). */
@Module({
  providers: [ContactImportRunner, ContactImportsProcessor],
})
export class ContactImportsWorkerModule {}
