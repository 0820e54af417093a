import { Module } from '@nestjs/common';
import { OutboundWebhooksModule } from '../outbound-webhooks/outbound-webhooks.module';
import { RecordingsModule } from '../recordings/recordings.module';
import { CallLookupService } from './call-lookup.service';
import { CallStatusApplier } from './call-status.applier';
import { RecordingStatusApplier } from './recording-status.applier';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { WebhookDeadLettersService } from './webhook-dead-letters.service';
import { WebhookEventPruner } from './webhook-event.pruner';
import { WebhookEventWriter } from './webhook-event.writer';
import { WebhookEventsController } from './webhook-events.controller';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Twilio's callbacks: stored, queued and applied. Its processor is in WebhooksWorkerModule. */
@Module({
  // A recording's callback enqueues its download or erases it; a completed call is an outbound event.
  imports: [OutboundWebhooksModule, RecordingsModule],
  controllers: [WebhookEventsController, WebhooksController],
  providers: [
    CallLookupService,
    CallStatusApplier,
    RecordingStatusApplier,
    TwilioSignatureGuard,
    WebhookDeadLettersService,
    WebhookEventPruner,
    WebhookEventWriter,
    WebhooksService,
  ],
  exports: [
    // For the Pipeline page (parked events).
    WebhookDeadLettersService,
    // For the callback processor (WebhooksWorkerModule).
    CallStatusApplier,
    RecordingStatusApplier,
    // For the maintenance jobs (MaintenanceModule): pruning and the requeue of lost events.
    WebhookEventPruner,
    WebhooksService,
  ],
})
export class WebhooksModule {}
