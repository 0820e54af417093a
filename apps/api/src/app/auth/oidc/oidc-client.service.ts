import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type * as OpenId from 'openid-client';
import { AppConfig, OidcSettings } from '../../../services/config/app-config';
import { errorMessage } from '../../../common/errors/error-message';

/** What the API keeps between sending the browser to the provider and its return. */
export interface PendingAuthorization {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The signed-in person as the provider describes them: ID token claims over UserInfo's. */
export type ProviderClaims = Record<string, unknown> & { sub: string };

/**
 * The relying party, through openid-client (a certified implementation): discovery, the
 * authorization URL with PKCE (S256), state and nonce, and the code exchange that checks them.
 *
 * openid-client is ESM-only. It is loaded with `import()` on first use, so nothing loads it
 * while single sign-on is off (and the in-process Jest tests, CommonJS, never do).
 */
@Injectable()
export class OidcClientService {
  private readonly logger = new Logger(OidcClientService.name);
  private library?: Promise<typeof OpenId>;
  private discovered?: Promise<OpenId.Configuration>;

  public constructor(private readonly config: AppConfig) {}

  public get settings(): OidcSettings {
    const settings = this.config.oidc;
    if (!settings) throw new NotFoundException('Single sign-on is not configured (OIDC_ISSUER is unset)');
    return settings;
  }

  /** A fresh state, nonce and PKCE verifier, and the provider's URL that carries them. */
  public async begin(): Promise<{ pending: PendingAuthorization; url: URL }> {
    const [client, configuration] = await Promise.all([this.load(), this.configuration()]);
    const pending = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { pending, url };
  }

  /**
   * Exchanges the code in `callbackQuery` (the provider's redirect) for tokens, checking state,
   * nonce, PKCE, issuer, audience and the ID token's signature, then reads UserInfo when the
   * provider has it (Keycloak and oidc-provider put email, name and groups there, not in the
   * ID token). Throws openid-client's errors for anything wrong.
   */
  public async finish(callbackQuery: URLSearchParams, pending: PendingAuthorization): Promise<ProviderClaims> {
    const [client, configuration] = await Promise.all([this.load(), this.configuration()]);
    // The URL the provider redirected to, as it sees it: behind a proxy the request's own URL differs.
    const currentUrl = new URL(this.settings.redirectUri);
    currentUrl.search = callbackQuery.toString();
    const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('The provider returned no ID token');
    let userInfo: Record<string, unknown> = {};
    if (configuration.serverMetadata().userinfo_endpoint) {
      try {
        userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
      } catch (error) {
        // Entra ID's UserInfo knows less than its ID token; what the token says is enough.
        this.logger.warn(`UserInfo of ${idClaims.sub} could not be read (${errorMessage(error)}); using the ID token's claims`);
      }
    }
    return { ...userInfo, ...idClaims, sub: idClaims.sub };
  }

  private load(): Promise<typeof OpenId> {
    return (this.library ??= import('openid-client'));
  }

  /** Discovery once per process; a failure is not kept, so the next sign-in tries again. */
  private configuration(): Promise<OpenId.Configuration> {
    if (!this.discovered) {
      const settings = this.settings;
      this.discovered = this.load()
        .then((client) =>
          client.discovery(
            new URL(settings.issuer),
            settings.clientId,
            undefined,
            client.ClientSecretBasic(settings.clientSecret),
            settings.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined,
          ),
        )
        .catch((error: unknown) => {
          this.discovered = undefined;
          throw error;
        });
    }
    return this.discovered;
  }
}
