import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CoverageMissingPage, CoverageReport } from '@callrec/contracts';
import type { Response } from 'express';
import { Roles } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { RequestContext } from '../../common/request-context';
import { CoverageExportService } from './coverage-export.service';
import { CoverageService } from './coverage.service';
import { CoverageMissingFilterDto, CoverageMissingQueryDto, CoverageQueryDto } from './dto/coverage-query.dto';

const CSV = { 'text/csv': { schema: { type: 'string' } } };

/** Coverage (design 9.7): were the calls that should have been recorded recorded? */
@ApiTags('coverage')
// No prefix: `coverage.csv` sits beside `coverage`, not under it.
@Controller()
export class CoverageController {
  public constructor(
    private readonly coverage: CoverageService,
    private readonly exports: CoverageExportService,
  ) {}

  @Get('coverage')
  @Roles('COMPLIANCE', 'SUPERVISOR')
  @ApiErrors(400)
  @ApiOperation({
    summary: 'Answered, recorded, missing, failed and absent calls by day, agent or data list, with coverage = recorded / answered',
  })
  public report(@Query() query: CoverageQueryDto): Promise<CoverageReport> {
    return this.coverage.report(query);
  }

  @Get('coverage.csv')
  @Roles('COMPLIANCE', 'SUPERVISOR')
  @ApiErrors(400)
  @ApiOkResponse({ description: "The report's rows, then a `total` row; the same query as GET /api/coverage", content: CSV })
  @ApiOperation({ summary: 'The coverage report as CSV' })
  public async reportCsv(@Query() query: CoverageQueryDto, @Res() response: Response): Promise<void> {
    await this.exports.sendReport(query, response);
  }

  @Get('coverage/missing')
  @Roles('COMPLIANCE', 'SUPERVISOR')
  @ApiErrors(400)
  @ApiOperation({ summary: 'The answered calls with no recording, newest first, each with its reason and a sentence saying why' })
  public missing(@Query() query: CoverageMissingQueryDto): Promise<CoverageMissingPage> {
    return this.coverage.missing(query);
  }

  @Get('coverage/missing.csv')
  @Roles('COMPLIANCE', 'SUPERVISOR')
  @ApiErrors(400)
  // The CSV is the 200's content only: a refusal is the usual JSON error body.
  @ApiOkResponse({
    description: 'Every missing call of the filters, newest first, no paging; a cell that could start a formula begins with a quote',
    content: CSV,
  })
  @ApiOperation({ summary: 'The missing calls as CSV, streamed; it holds phone numbers, so it is audited as CALL_RECORDS_EXPORTED' })
  public async missingCsv(
    @Query() query: CoverageMissingFilterDto,
    @ReqContext() context: RequestContext,
    @Res() response: Response,
  ): Promise<void> {
    await this.exports.sendMissing(query, context, response);
  }
}
