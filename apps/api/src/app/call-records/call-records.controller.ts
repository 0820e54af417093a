import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CallRecordDto, Page } from '@callrec/contracts';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { Roles } from '../../common/decorators/access.decorator';
import { CallRecordsService } from './call-records.service';
import { CallRecordQueryDto } from './dto/call-record-query.dto';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

@ApiTags('call-records')
@Controller('call-records')
export class CallRecordsController {
  public constructor(private readonly callRecords: CallRecordsService) {}

  @Get()
  @Roles('COMPLIANCE', 'SUPERVISOR', 'READER')
  @ApiErrors(400)
  @ApiOperation({ summary: 'Find calls with their recordings: filters, sort and paging' })
  public search(@Query() query: CallRecordQueryDto): Promise<Page<CallRecordDto>> {
    return this.callRecords.search(query);
  }

  @Get(':id')
  @Roles('COMPLIANCE', 'SUPERVISOR', 'READER')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'One call: its agent, data list or "Manual Dial", outcome and recordings' })
  public get(@Param('id', ParseId()) id: string): Promise<CallRecordDto> {
    return this.callRecords.get(id);
  }
}
