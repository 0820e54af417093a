import { DynamicModule, Module } from '@nestjs/common';
import { CallLookup } from './call-lookup.service';
import { CallStatusApplier } from './call-status.applier';
import { RecordingStatusApplier } from './recording-status.applier';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { WebhookDeadLetters } from './webhook-dead-letters.service';
import { WebhookEventPruner } from './webhook-event-pruner.service';
import { WebhookEventWriter } from './webhook-event.writer';
import { WebhookEventsController } from './webhook-events.controller';
import { WebhooksController } from './webhooks.controller';
import { WebhooksProcessor } from './webhooks.processor';
import { WebhooksService } from './webhooks.service';

@Module({})
export class WebhooksModule {
  /** The processors run only where this process is a worker (APP_ROLE worker or all). */
  public static register({ worker }: { worker: boolean }): DynamicModule {
    return {
      module: WebhooksModule,
      // Reconciliation and the Pipeline page (in recordings) requeue and list webhook events; recordings is global too.
      global: true,
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
        ...(worker ? [WebhooksProcessor] : []),
      ],
      exports: [WebhookDeadLetters, WebhookEventPruner, WebhooksService],
    };
  }
}
