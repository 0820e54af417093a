import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataListDto, IdName } from '@callrec/contracts';
import { Roles, SignedIn } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { RequestContext } from '../../common/request-context';
import { DataListsService } from './data-lists.service';
import { CreateDataListDto, UpdateDataListDto } from './dto/data-list.dto';

@ApiTags('data-lists')
@Controller('data-lists')
export class DataListsController {
  public constructor(private readonly lists: DataListsService) {}

  @Get()
  @SignedIn('DIALER', 'READER')
  @ApiOperation({ summary: 'Id and name of every data list, for filters and placing calls' })
  public list(): Promise<IdName[]> {
    return this.lists.names();
  }

  // Declared before ':id', which would otherwise take 'summary' for an id.
  @Get('summary')
  @Roles('COMPLIANCE')
  @ApiOperation({ summary: 'Every data list with its description, external id and contact count' })
  public summary(): Promise<DataListDto[]> {
    return this.lists.summary();
  }

  @Get(':id')
  @Roles('COMPLIANCE')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'One data list with its contact count' })
  public get(@Param('id', ParseId()) id: string): Promise<DataListDto> {
    return this.lists.get(id);
  }

  @Post()
  @Roles('ADMIN')
  @ApiErrors(400, 409)
  @ApiOperation({ summary: 'Create a data list (audited)' })
  public create(@Body() body: CreateDataListDto, @ReqContext() context: RequestContext): Promise<DataListDto> {
    return this.lists.create(body, context);
  }

  @Patch(':id')
  @Roles('ADMIN')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: 'Rename a data list or change its description or external id (audited)' })
  public update(
    @Param('id', ParseId()) id: string,
    @Body() body: UpdateDataListDto,
    @ReqContext() context: RequestContext,
  ): Promise<DataListDto> {
    return this.lists.update(id, body, context);
  }
}
