import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyDto, CreatedApiKey } from '@callrec/contracts';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { RequestContext } from '../../common/request-context';
import { Roles } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  public constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @Roles('ADMIN')
  @ApiErrors(400)
  @ApiOperation({ summary: 'Issue a key for a dialer or reader; the answer is the only time the key is shown (audited)' })
  public create(@Body() body: CreateApiKeyDto, @ReqContext() context: RequestContext): Promise<CreatedApiKey> {
    return this.apiKeys.create(body, context);
  }

  @Get()
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Every API key, live first: name, role, prefix, last use; never the key' })
  public list(): Promise<ApiKeyDto[]> {
    return this.apiKeys.list();
  }

  @Delete(':id')
  @Roles('ADMIN')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'Revoke a key; it is refused from the next request on (audited; revoking again changes nothing)' })
  public revoke(@Param('id', ParseId()) id: string, @ReqContext() context: RequestContext): Promise<ApiKeyDto> {
    return this.apiKeys.revoke(id, context);
  }
}
