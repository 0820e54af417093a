import { Module } from '@nestjs/common';
import { WebhookMaintenanceProcessor } from './webhook-maintenance.processor';
import { WebhooksModule } from './webhooks.module';
import { WebhooksProcessor } from './webhooks.processor';

/** Applying queued callbacks and pruning old ones: imported only where this process is a worker (APP_ROLE worker or all). */
@Module({
  imports: [WebhooksModule],
  providers: [WebhookMaintenanceProcessor, WebhooksProcessor],
})
export class WebhooksWorkerModule {}
