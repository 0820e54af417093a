import { Module } from '@nestjs/common';
import { CallRecordsController } from './call-records.controller';
import { CallRecordsExportService } from './call-records-export.service';
import { CallRecordsService } from './call-records.service';

@Module({
  controllers: [CallRecordsController],
  providers: [CallRecordsExportService, CallRecordsService],
})
export class CallRecordsModule {}
