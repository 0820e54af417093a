import { Body, Controller, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiExcludeController } from '@nestjs/swagger';
import { TwilioOnly } from '../../common/decorators/access.decorator';
import { TwilioParams } from './twilio-params';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { WebhooksService } from './webhooks.service';

/** Twilio's status callbacks. Answered at once with 204; the work happens in a queue. */
@ApiExcludeController()
@Controller('webhooks/twilio')
@TwilioOnly()
// Twilio retries what we refuse, from addresses it shares with every customer: never throttled.
@SkipThrottle()
@UseGuards(TwilioSignatureGuard)
export class WebhooksController {
  public constructor(private readonly webhooks: WebhooksService) {}

  // callRecordId is ours, put in the callback URL when the call was placed; Twilio's
  // signature covers the URL, so it cannot be forged.
  @Post('call-status')
  @HttpCode(204)
  public async callStatus(@Body() body: TwilioParams, @Query('callRecordId') callRecordId?: unknown): Promise<void> {
    await this.webhooks.ingest('call-status', body, callRecordId);
  }

  @Post('recording-status')
  @HttpCode(204)
  public async recordingStatus(@Body() body: TwilioParams, @Query('callRecordId') callRecordId?: unknown): Promise<void> {
    await this.webhooks.ingest('recording-status', body, callRecordId);
  }
}
