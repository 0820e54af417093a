import { Module } from '@nestjs/common';
import { CallRecordAttachService } from './call-record-attach.service';
import { CallRecordsController } from './call-records.controller';
import { CallRecordsExportService } from './call-records-export.service';
import { CallRecordsService } from './call-records.service';

@Module({
  controllers: [CallRecordsController],
  providers: [CallRecordAttachService, CallRecordsExportService, CallRecordsService],
})
export class CallRecordsModule {}
