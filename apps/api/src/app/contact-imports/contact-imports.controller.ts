import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContactImportDto, ImportAccepted } from '@callrec/contracts';
import type { Request } from 'express';
import { Roles } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { RequestContext } from '../../common/request-context';
import { ContactImportsService } from './contact-imports.service';

@ApiTags('contact-imports')
@Controller()
export class ContactImportsController {
  public constructor(private readonly imports: ContactImportsService) {}

  @Post('data-lists/:id/import')
  @HttpCode(202)
  @Roles('ADMIN')
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({
    description: 'The CSV (header phone,name,external_id; other columns ignored), raw or as a multipart file field',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 404, 413, 415)
  @ApiOperation({ summary: 'Upload a CSV of contacts into the data list; imported in the background (audited)' })
  public accept(
    @Param('id', ParseId()) id: string,
    @Req() request: Request,
    @ReqContext() context: RequestContext,
  ): Promise<ImportAccepted> {
    return this.imports.accept(id, request, context);
  }

  @Get('data-lists/:id/imports')
  @Roles('COMPLIANCE')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: "The data list's recent imports, newest first" })
  public recent(@Param('id', ParseId()) id: string): Promise<ContactImportDto[]> {
    return this.imports.recent(id);
  }

  @Get('imports/:id')
  @Roles('COMPLIANCE')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'Status, counts and the per-line error report of an import' })
  public get(@Param('id', ParseId()) id: string): Promise<ContactImportDto> {
    return this.imports.get(id);
  }
}
