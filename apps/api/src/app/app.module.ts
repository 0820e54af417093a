import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../services/config/app-config';
import { ConfigModule } from '../services/config/config.module';
import { LiveEventsModule } from '../services/events/live-events.module';
import { QueuesModule } from '../services/queues/queues.module';
import { ScheduleModule } from '../services/schedule/schedule.module';
import { TwilioModule } from '../services/twilio/twilio.module';
import { loggerOptions } from '../services/logging/logger.options';
import { PrismaModule } from '../services/prisma/prisma.module';
import { RedisModule } from '../services/redis/redis.module';
import { SigningModule } from '../services/signing/signing.module';
import { StorageModule } from '../services/storage/storage.module';
import { CryptoModule } from '../services/crypto/crypto.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CallRecordsModule } from './call-records/call-records.module';
import { CallsModule } from './calls/calls.module';
import { ContactImportsWorkerModule } from './contact-imports/contact-imports-worker.module';
import { ContactImportsModule } from './contact-imports/contact-imports.module';
import { ContactsModule } from './contacts/contacts.module';
import { CoverageModule } from './coverage/coverage.module';
import { DataListsModule } from './data-lists/data-lists.module';
import { EncryptionModule } from './encryption/encryption.module';
import { EventsModule } from './events/events.module';
import { ExportsWorkerModule } from './exports/exports-worker.module';
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
import { LegalHoldsModule } from './legal-holds/legal-holds.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { OutboundWebhooksWorkerModule } from './outbound-webhooks/outbound-webhooks-worker.module';
import { OutboundWebhooksModule } from './outbound-webhooks/outbound-webhooks.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { RATE_LIMIT_GUARD, RateLimitModule } from './rate-limit/rate-limit.module';
import { RecordingsWorkerModule } from './recordings/recordings-worker.module';
import { RecordingsModule } from './recordings/recordings.module';
import { RetentionModule } from './retention/retention.module';
import { StorageMigrationModule } from './storage-migration/storage-migration.module';
import { UsersModule } from './users/users.module';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  public static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        PrismaModule,
        RedisModule,
        StorageModule,
        CryptoModule,
        SigningModule,
        QueuesModule,
        ScheduleModule,
        TwilioModule,
        LiveEventsModule,
        ApiKeysModule,
        AuditModule,
        AuthModule,
        CallRecordsModule,
        CallsModule,
        ContactImportsModule,
        ContactsModule,
        CoverageModule,
        DataListsModule,
        EventsModule,
        ExportsModule,
        HealthModule,
        LegalHoldsModule,
        OutboundWebhooksModule,
        PipelineModule,
        RateLimitModule,
        RecordingsModule,
        RetentionModule,
        StorageMigrationModule,
        EncryptionModule,
        UsersModule,
        WebhooksModule,
        // Queue processors and their schedules run only where this process is a worker (APP_ROLE worker or all).
        ...(config.runsWorker
          ? [
              ContactImportsWorkerModule,
              ExportsWorkerModule,
              MaintenanceModule,
              OutboundWebhooksWorkerModule,
              RecordingsWorkerModule,
              WebhooksWorkerModule,
            ]
          : []),
      ],
      // Here, in the root module, so that it runs before AccessGuard (see RATE_LIMIT_GUARD).
      providers: [RATE_LIMIT_GUARD],
    };
  }
}
