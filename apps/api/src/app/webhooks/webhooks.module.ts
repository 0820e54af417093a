import { DynamicModule, Module } from '@nestjs/common';
import { CallLookup } from './call-lookup.service';
import { CallStatusApplier } from './call-status.applier';
import { RecordingStatusApplier } from './recording-status.applier';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { WebhookEventWriter } from './webhook-event.writer';
import { WebhooksController } from './webhooks.controller';
import { WebhooksProcessor } from './webhooks.processor';
import { WebhooksService } from './webhooks.service';

@Module({})
export class WebhooksModule {
  /** The processor runs only where this process is a worker (APP_ROLE worker or all). */
  public static register({ worker }: { worker: boolean }): DynamicModule {
    return {
      module: WebhooksModule,
      // Reconciliation (in recordings) re-enqueues webhook events; recordings is global too.
      global: true,
      controllers: [WebhooksController],
      providers: [
        CallLookup,
        CallStatusApplier,
        RecordingStatusApplier,
        TwilioSignatureGuard,
        WebhookEventWriter,
        WebhooksService,
        ...(worker ? [WebhooksProcessor] : []),
      ],
      exports: [WebhooksService],
    };
  }
}
