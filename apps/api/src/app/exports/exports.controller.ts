import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ExportDto, ExportListDto } from '@callrec/contracts';
import type { Response } from 'express';
import { Public, Roles } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { RequestContext } from '../../common/request-context';
import { ExportRequestDto } from './dto/export-request.dto';
import { ExportDownloadService } from './export-download.service';
import { ExportsService } from './exports.service';

@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  public constructor(
    private readonly downloads: ExportDownloadService,
    private readonly exports: ExportsService,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('COMPLIANCE')
  @ApiErrors(400, 404, 409)
  @ApiAcceptedResponse({ description: 'Requested: queued, or awaiting a second approver (EXPORT_APPROVAL=two-person)' })
  @ApiOperation({
    summary:
      'Request an evidence bundle of a legal hold, the grid filters or named recordings, with a reason; resolved now, built in the background (audited)',
  })
  public request(
    @Body() body: ExportRequestDto,
    @ReqContext() context: RequestContext,
  ): Promise<{ id: string; status: ExportDto['status'] }> {
    return this.exports.request(body, context);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('COMPLIANCE')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: 'Approve an export awaiting a second person (not its requester); its bundle is built then (audited)' })
  public approve(@Param('id', ParseId()) id: string, @ReqContext() context: RequestContext): Promise<ExportDto> {
    return this.exports.approve(id, context);
  }

  @Get()
  @Roles('COMPLIANCE')
  @ApiOperation({ summary: 'Evidence exports, newest first' })
  public list(): Promise<ExportListDto> {
    return this.exports.list();
  }

  @Get(':id')
  @Roles('COMPLIANCE')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: "An export's status and progress, and its single-use link while the bundle is ready" })
  public get(@Param('id', ParseId()) id: string): Promise<ExportDto> {
    return this.exports.get(id);
  }

  /** Public: a browser navigates to the link. The token is the credential; the general rate limit applies. */
  @Get(':id/download')
  @Public()
  @ApiQuery({ name: 'token', required: true, description: "The link's token, as in downloadUrl" })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The bundle (ZIP), once: the link is used up by this download, even one cut short' })
  @ApiErrors(400, 403, 410, 429)
  @ApiOperation({ summary: 'Download a ready bundle through its single-use, expiring link (audited)' })
  public async download(
    @Param('id', ParseId()) id: string,
    @Query('token') token: string | undefined,
    @ReqContext() context: RequestContext,
    @Res() response: Response,
  ): Promise<void> {
    await this.downloads.download(id, typeof token === 'string' ? token : undefined, context, response);
  }
}
