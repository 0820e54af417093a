import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ObjectLockModule } from '../object-lock/object-lock.module';
import { OutboundWebhooksModule } from '../outbound-webhooks/outbound-webhooks.module';
import { RecordingsModule } from '../recordings/recordings.module';
import { RetentionModule } from '../retention/retention.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { MaintenanceProcessor } from './maintenance.processor';

/**
 * The maintenance queue's processor, whose jobs belong to several features: imported only where
 * this process is a worker (APP_ROLE worker or all). No feature imports it back.
 */
@Module({
  imports: [AuditModule, ObjectLockModule, OutboundWebhooksModule, RecordingsModule, RetentionModule, WebhooksModule],
  providers: [MaintenanceProcessor],
})
export class MaintenanceModule {}
