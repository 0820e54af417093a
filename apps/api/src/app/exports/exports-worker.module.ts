import { Module } from '@nestjs/common';
import { ExportBuildRunner } from './export-build.runner';
import { ExportEvidenceReader } from './export-evidence.reader';
import { ExportExpiryService } from './export-expiry.service';
import { ExportsProcessor } from './exports.processor';

/** Building bundles and the expiry sweep: imported only where this process is a worker (APP_ROLE worker or all). */
@Module({
  providers: [ExportBuildRunner, ExportEvidenceReader, ExportExpiryService, ExportsProcessor],
})
export class ExportsWorkerModule {}
