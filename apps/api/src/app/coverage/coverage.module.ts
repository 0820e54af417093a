import { Module } from '@nestjs/common';
import { CoverageController } from './coverage.controller';
import { CoverageExportService } from './coverage-export.service';
import { CoverageStatsService } from './coverage-stats.service';
import { CoverageService } from './coverage.service';

@Module({
  controllers: [CoverageController],
  providers: [CoverageExportService, CoverageService, CoverageStatsService],
  // The metrics route reports the last week's coverage.
  exports: [CoverageStatsService],
})
export class CoverageModule {}
