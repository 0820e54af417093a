import { Body, Controller, Get, HttpCode, Logger, Post, Query, Redirect, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { LoginResponse, OidcErrorCode, OidcStatus } from '@callrec/contracts';
import { Public } from '../../../common/decorators/access.decorator';
import { ReqContext } from '../../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../../common/openapi/api-errors.decorator';
import { RequestContext } from '../../../common/request-context';
import { AppConfig } from '../../../services/config/app-config';
import { errorMessage } from '../../../common/errors/error-message';
import { OidcCompleteDto } from './dto/oidc-complete.dto';
import { OidcAccountsService } from './oidc-accounts.service';
import { OidcClientService } from './oidc-client.service';
import { OidcFlowStore } from './oidc-flow.store';

/**
 * Where the browser goes back to. Relative, so it lands on the origin the provider redirected to
 * (PUBLIC_BASE_URL, or the admin's dev server when OIDC_REDIRECT_URI names it).
 */
const SIGN_IN_PAGE = '/sign-in';

/**
 * Single sign-on with OpenID Connect (design 9.9): the authorization code flow with PKCE. The
 * browser goes to `start`, signs in at the provider, comes back to `callback`, and lands on the
 * sign-in page with a one-time code the page exchanges (`complete`) for the same answer as a
 * password sign-in: no token ever travels in a URL.
 */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  private readonly logger = new Logger(OidcController.name);

  public constructor(
    private readonly accounts: OidcAccountsService,
    private readonly client: OidcClientService,
    private readonly config: AppConfig,
    private readonly flow: OidcFlowStore,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Whether single sign-on is offered, and the name on its button' })
  public status(): OidcStatus {
    return { enabled: this.config.oidc !== undefined, providerName: this.config.oidc?.providerName ?? '' };
  }

  @Get('start')
  @Public()
  @Redirect()
  @ApiQuery({ name: 'returnUrl', required: false, description: 'An in-app path to open once signed in' })
  @ApiResponse({ status: 302, description: "To the provider's authorization endpoint, or back to the sign-in page with ?error=" })
  @ApiOperation({ summary: 'Begin a single sign-on: state, nonce and PKCE verifier are kept here for 10 minutes' })
  public async start(@Query('returnUrl') returnUrl?: string): Promise<{ url: string }> {
    if (!this.config.oidc) return failed('sso_disabled');
    try {
      const { pending, url } = await this.client.begin();
      await this.flow.savePending({ ...pending, returnUrl: inAppPath(returnUrl) });
      return { url: url.href };
    } catch (error) {
      this.logger.error(`Cannot reach the sign-on provider ${this.config.oidc.issuer}: ${errorMessage(error)}`);
      return failed('sso_unavailable');
    }
  }

  @Get('callback')
  @Public()
  @Redirect()
  @ApiResponse({ status: 302, description: 'To /sign-in?sso=<one-time code>, or /sign-in?error=<why>' })
  @ApiOperation({ summary: "The provider's redirect: checks state, nonce and PKCE, then opens a session" })
  public async callback(@Query() query: Record<string, string>, @ReqContext() context: RequestContext): Promise<{ url: string }> {
    if (!this.config.oidc) return failed('sso_disabled');
    // The state is the key to what `start` kept: unknown means forged, replayed or expired.
    const pending = typeof query['state'] === 'string' ? await this.flow.takePending(query['state']) : null;
    if (!pending) {
      this.logger.warn('Single sign-on callback with an unknown, used or expired state; refused');
      return failed('sso_state');
    }
    if (typeof query['error'] === 'string') {
      this.logger.log(`The sign-on provider answered ${query['error']}: ${String(query['error_description'] ?? '')}`);
      return failed('sso_provider');
    }
    let claims;
    try {
      claims = await this.client.finish(new URLSearchParams(query), pending);
    } catch (error) {
      this.logger.warn(`Single sign-on refused: ${errorMessage(error)}`);
      return failed('sso_provider');
    }
    let outcome;
    try {
      outcome = await this.accounts.signIn(claims, context);
    } catch (error) {
      this.logger.error(`Single sign-on of ${claims.sub} failed: ${errorMessage(error)}`);
      return failed('sso_failed');
    }
    if (!outcome.ok) return failed(outcome.code);
    const code = await this.flow.saveCompleted({
      userId: outcome.userId,
      role: outcome.role,
      session: { id: outcome.session.id, expiresAt: outcome.session.expiresAt.toISOString() },
      returnUrl: pending.returnUrl,
    });
    const params = new URLSearchParams({ sso: code, ...(pending.returnUrl ? { returnUrl: pending.returnUrl } : {}) });
    return { url: `${SIGN_IN_PAGE}?${params}` };
  }

  @Post('complete')
  @HttpCode(200)
  @Public()
  @ApiErrors(400, 401, 429)
  @ApiOperation({ summary: 'Exchange the one-time code (single use, 60 s) for a bearer token, as a password sign-in answers' })
  public async complete(@Body() body: OidcCompleteDto): Promise<LoginResponse> {
    const completed = await this.flow.takeCompleted(body.code);
    if (!completed) throw new UnauthorizedException('This sign-in has expired or was already used; sign in again');
    return this.accounts.loginResponse(completed);
  }
}

function failed(code: OidcErrorCode): { url: string } {
  return { url: `${SIGN_IN_PAGE}?error=${code}` };
}

/** Only an in-app path may be a return address, never another site (`//evil.example`). */
function inAppPath(candidate: string | undefined): string | undefined {
  if (typeof candidate !== 'string' || !/^\/(?![/\\])/.test(candidate) || candidate.length > 500) return undefined;
  return candidate;
}
