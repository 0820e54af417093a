import { Module } from '@nestjs/common';
import { ExportDownloadService } from './export-download.service';
import { ExportLinkService } from './export-link.service';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** Requests, approvals, status and the single-use download of evidence exports; bundles are built in ExportsWorkerModule. */
@Module({
  controllers: [ExportsController],
  providers: [ExportDownloadService, ExportLinkService, ExportsService],
})
export class ExportsModule {}
