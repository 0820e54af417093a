import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../services/config/app-config';
import { ConfigModule } from '../services/config/config.module';
import { loggerOptions } from '../services/logging/logger.options';
import { PrismaModule } from '../services/prisma/prisma.module';
import { RedisModule } from '../services/redis/redis.module';
import { StorageModule } from '../services/storage/storage.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { DataListsModule } from './data-lists/data-lists.module';
import { HealthModule } from './health/health.module';
import { UsersModule } from './users/users.module';

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
        AuditModule,
        AuthModule,
        DataListsModule,
        HealthModule,
        UsersModule,
      ],
    };
  }
}
