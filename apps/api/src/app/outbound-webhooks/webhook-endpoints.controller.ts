import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreatedWebhookEndpoint, Page, WebhookDeliveryDto, WebhookEndpointDto } from '@callrec/contracts';
import { Roles } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { RequestContext } from '../../common/request-context';
import { CreateWebhookEndpointDto, DeliveryPageQueryDto, UpdateWebhookEndpointDto } from './dto/webhook-endpoint.dto';
import { WebhookEndpointsService } from './webhook-endpoints.service';

@ApiTags('webhook-endpoints')
@Controller('webhook-endpoints')
export class WebhookEndpointsController {
  public constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Get()
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Receivers of outbound webhooks (never their secrets)' })
  public list(): Promise<WebhookEndpointDto[]> {
    return this.endpoints.list();
  }

  @Post()
  @Roles('ADMIN')
  @ApiErrors(400)
  @ApiOperation({ summary: 'Add a receiver; the answer is the only one that shows its signing secret (whsec_…)' })
  public create(@Body() body: CreateWebhookEndpointDto, @ReqContext() context: RequestContext): Promise<CreatedWebhookEndpoint> {
    return this.endpoints.create(body, context);
  }

  @Patch(':id')
  @Roles('ADMIN')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'Change a receiver: its URL, events, description, or pause it (active: false)' })
  public update(
    @Param('id', ParseId()) id: string,
    @Body() body: UpdateWebhookEndpointDto,
    @ReqContext() context: RequestContext,
  ): Promise<WebhookEndpointDto> {
    return this.endpoints.update(id, body, context);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('ADMIN')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'Remove a receiver: nothing more is sent to it; its pending deliveries end FAILED' })
  public remove(@Param('id', ParseId()) id: string, @ReqContext() context: RequestContext): Promise<void> {
    return this.endpoints.remove(id, context);
  }

  @Get(':id/deliveries')
  @Roles('ADMIN')
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'Deliveries to a receiver, newest first, each with its attempts' })
  public deliveries(@Param('id', ParseId()) id: string, @Query() query: DeliveryPageQueryDto): Promise<Page<WebhookDeliveryDto>> {
    return this.endpoints.deliveries(id, query);
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @Roles('ADMIN')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: 'Send a delivery again now (same webhook-id)' })
  public async retry(
    @Param('id', ParseId()) id: string,
    @Param('deliveryId', ParseId('deliveryId')) deliveryId: string,
    @ReqContext() context: RequestContext,
  ): Promise<void> {
    await this.endpoints.retry(id, deliveryId, context);
  }
}
