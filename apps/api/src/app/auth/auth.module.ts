import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AppConfig } from '../../services/config/app-config';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { ActiveUsersService } from './active-users.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { EventTicketsService } from './event-tickets.service';
import { AccessGuard } from './guards/access.guard';
import { MetricsTokenChecker } from './guards/metrics-token.checker';
import { RouteAccessChecker } from './guards/route-access.checker';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import { SessionEndingsService } from './session-endings.service';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';
import { MfaTokensService } from './two-factor/mfa-tokens.service';
import { TwoFactorSecretsService } from './two-factor/two-factor-secrets.service';
import { TwoFactorSignInService } from './two-factor/two-factor-sign-in.service';
import { TwoFactorController } from './two-factor/two-factor.controller';
import { TwoFactorService } from './two-factor/two-factor.service';

/** Sign-in, sessions and the access guard (an APP_GUARD, so it guards every route wherever it is imported). */
@Module({
  imports: [
    ApiKeysModule,
    DiscoveryModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a
        // PEM public key on every verify and throws, which cost more than the HMAC itself.
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [AuthController, TwoFactorController],
  providers: [
    ActiveUsersService,
    AuthService,
    EventTicketsService,
    LoginThrottleService,
    MetricsTokenChecker,
    MfaTokensService,
    PasswordService,
    RouteAccessChecker,
    SessionEndingsService,
    SessionsService,
    TokenService,
    TwoFactorSecretsService,
    TwoFactorService,
    TwoFactorSignInService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [
    ActiveUsersService,
    EventTicketsService,
    PasswordService,
    RouteAccessChecker,
    SessionEndingsService,
    SessionsService,
    TokenService,
  ],
})
export class AuthModule {}
