import { Module } from '@nestjs/common';
import { ContactImportsController } from './contact-imports.controller';
import { ContactImportsService } from './contact-imports.service';

/** CSV uploads into data lists and their status; the imports themselves run in ContactImportsWorkerModule. */
@Module({
  controllers: [ContactImportsController],
  providers: [ContactImportsService],
})
export class ContactImportsModule {}
