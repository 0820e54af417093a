import { Module } from '@nestjs/common';
import { OutboundEventsService } from './outbound-events.service';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/**
 * Outbound webhooks in the Standard Webhooks format (design 9.10): receivers, the events
 * emitted to them and their delivery. It imports no feature: calls' and recordings' code
 * emits through OutboundEventsService. Its processor is in OutboundWebhooksWorkerModule.
 */
@Module({
  controllers: [WebhookEndpointsController],
  providers: [OutboundEventsService, WebhookDeliveryService, WebhookEndpointsService],
  exports: [
    // For the features whose changes are events (recordings, webhooks).
    OutboundEventsService,
    // For the delivery processor (OutboundWebhooksWorkerModule) and the requeue (MaintenanceModule).
    WebhookDeliveryService,
  ],
})
export class OutboundWebhooksModule {}
