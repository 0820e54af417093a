import { Module } from '@nestjs/common';
import { AuthModule } from '../auth.module';
import { OidcAccountsService } from './oidc-accounts.service';
import { OidcClientService } from './oidc-client.service';
import { OidcFlowStore } from './oidc-flow.store';
import { OidcController } from './oidc.controller';

/** OpenID Connect single sign-on (design 9.9), on top of the sessions of AuthModule. */
@Module({
  imports: [AuthModule],
  controllers: [OidcController],
  providers: [OidcAccountsService, OidcClientService, OidcFlowStore],
})
export class OidcModule {}
