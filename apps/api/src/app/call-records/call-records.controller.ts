import { Body, Controller, Get, Param, Patch, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CallRecordDto, CallRecordPage } from '@callrec/contracts';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { Roles } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { RequestContext } from '../../common/request-context';
import { CallRecordAttachService } from './call-record-attach.service';
import { CallRecordsExportService } from './call-records-export.service';
import { CallRecordsService } from './call-records.service';
import { AttachCallRecordDto } from './dto/attach-call-record.dto';
import { CallRecordExportQueryDto } from './dto/call-record-export-query.dto';
import { CallRecordQueryDto } from './dto/call-record-query.dto';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

@ApiTags('call-records')
@Controller('call-records')
export class CallRecordsController {
  public constructor(
    private readonly attachments: CallRecordAttachService,
    private readonly callRecords: CallRecordsService,
    private readonly exports: CallRecordsExportService,
  ) {}

  @Get()
  @Roles('COMPLIANCE', 'SUPERVISOR', 'READER')
  @ApiErrors(400)
  @ApiOperation({
    summary: 'Find calls with their recordings: filters, sort and paging',
    description:
      'Answers `{ items, total, totalExact, page, pageSize, nextCursor }`. The total is exact up to 10,000 matching calls; ' +
      "beyond, it is the database planner's estimate (above 10,000) and `totalExact` is false. `nextCursor` (null on the " +
      'last page), passed back as `after` with the same filters and sort, gives the next page by keyset: deep pages cost ' +
      'no more than the first. Numbered pages (`page`) still work; with `after`, `page` is only echoed back.',
  })
  public search(@Query() query: CallRecordQueryDto): Promise<CallRecordPage> {
    return this.callRecords.search(query);
  }

  // Declared before `:id`, which would otherwise take `export.csv` for an id.
  @Get('export.csv')
  @Roles('COMPLIANCE', 'SUPERVISOR', 'READER')
  @ApiErrors(400)
  // The CSV is the 200's content only: a refusal is the usual JSON error body.
  @ApiOkResponse({
    description: "Every matching call, one row each, in the grid's order; a cell that could start a formula begins with a quote",
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiOperation({ summary: 'The grid as CSV: same filters and sort, no paging, streamed; audited as CALL_RECORDS_EXPORTED' })
  public async exportCsv(
    @Query() query: CallRecordExportQueryDto,
    @ReqContext() context: RequestContext,
    @Res() response: Response,
  ): Promise<void> {
    await this.exports.send(query, context, response);
  }

  @Get(':id')
  @Roles('COMPLIANCE', 'SUPERVISOR', 'READER')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'One call: its agent, data list or "Manual Dial", outcome and recordings' })
  public get(@Param('id', ParseId()) id: string): Promise<CallRecordDto> {
    return this.callRecords.get(id);
  }

  @Patch(':id')
  @Roles('ADMIN')
  @ApiErrors(400, 404)
  @ApiOperation({
    summary: 'Attach a call (an orphan, or any call) to an agent and a data list; audited as CALL_RECORD_ATTACHED',
    description:
      'An orphan stays flagged orphan: where a call came from does not change. Retention policies and legal holds scoped ' +
      'by agent or data list match the call from now on; they also keep matching every agent and list it had before, so ' +
      'attaching can lengthen how long its recordings are kept but never shorten it. `dataListId: null` makes it a Manual Dial.',
  })
  public attach(
    @Param('id', ParseId()) id: string,
    @Body() body: AttachCallRecordDto,
    @ReqContext() context: RequestContext,
  ): Promise<CallRecordDto> {
    return this.attachments.attach(id, body, context);
  }
}
