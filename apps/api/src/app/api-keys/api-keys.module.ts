import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ApiKeyAuthenticator } from './api-key-authenticator.service';
import { ApiKeyUseInterceptor } from './api-key-use.interceptor';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

/**
 * Machine credentials (design 9.10). Auth imports this for the authenticator its guard uses;
 * the interceptor that audits each use is global, like the guard, wherever this is imported.
 */
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeyAuthenticator, ApiKeysService, { provide: APP_INTERCEPTOR, useClass: ApiKeyUseInterceptor }],
  exports: [ApiKeyAuthenticator],
})
export class ApiKeysModule {}
