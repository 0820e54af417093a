import { Module, forwardRef } from '@nestjs/common';
import { RecordingsModule } from '../recordings/recordings.module';
import { CallLookup } from './call-lookup.service';
import { CallStatusApplier } from './call-status.applier';
import { RecordingStatusApplier } from './recording-status.applier';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { WebhookDeadLetters } from './webhook-dead-letters.service';
import { WebhookEventPruner } from './webhook-event-pruner.service';
import { WebhookEventWriter } from './webhook-event.writer';
import { WebhookEventsController } from './webhook-events.controller';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Twilio's callbacks: stored, queued and applied. Its processors are in WebhooksWorkerModule. */
@Module({
  // A recording's callback enqueues its download or erases it. forwardRef only while recordings
  // still imports this module back (reconciliation's stale-webhook requeue).
  imports: [forwardRef(() => RecordingsModule)],
  controllers: [WebhookEventsController, WebhooksController],
  providers: [
    CallLookup,
    CallStatusApplier,
    RecordingStatusApplier,
    TwilioSignatureGuard,
    WebhookDeadLetters,
    WebhookEventPruner,
    WebhookEventWriter,
    WebhooksService,
  ],
  exports: [
    // For the Pipeline page (parked events) and, for now, reconciliation's requeue.
    WebhookDeadLetters,
    WebhooksService,
    // For this feature's own processors (WebhooksWorkerModule).
    CallStatusApplier,
    RecordingStatusApplier,
    WebhookEventPruner,
  ],
})
export class WebhooksModule {}
