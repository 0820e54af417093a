import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { WebhookEventRetried } from '@callrec/contracts';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { RequestContext } from '../../common/request-context';
import { Roles } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { WebhookDeadLettersService } from './webhook-dead-letters.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

/** Stored Twilio callbacks, as seen by an ADMIN (the parked ones are on the Pipeline page). */
@ApiTags('webhooks')
@Controller('webhooks/events')
export class WebhookEventsController {
  public constructor(private readonly deadLetters: WebhookDeadLettersService) {}

  @Post(':id/retry')
  @HttpCode(202)
  @Roles('ADMIN')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: 'Apply a parked webhook event again, with a fresh count of attempts (409 unless parked; audited)' })
  public retry(@Param('id', ParseId()) id: string, @ReqContext() context: RequestContext): Promise<WebhookEventRetried> {
    return this.deadLetters.retry(id, context);
  }
}
