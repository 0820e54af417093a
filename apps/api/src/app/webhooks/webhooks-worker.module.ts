import { Module } from '@nestjs/common';
import { WebhooksModule } from './webhooks.module';
import { WebhooksProcessor } from './webhooks.processor';

/** Applying queued callbacks: imported only where this process is a worker (APP_ROLE worker or all). */
@Module({
  imports: [WebhooksModule],
  providers: [WebhooksProcessor],
})
export class WebhooksWorkerModule {}
