import { Module } from '@nestjs/common';
import { OutboundWebhooksModule } from './outbound-webhooks.module';
import { OutboundWebhooksProcessor } from './outbound-webhooks.processor';

/** Sending deliveries: imported only where this process is a worker (APP_ROLE worker or all). */
@Module({
  imports: [OutboundWebhooksModule],
  providers: [OutboundWebhooksProcessor],
})
export class OutboundWebhooksWorkerModule {}
