import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { AccessRole, ApiKeyRole, ROLES } from '@callrec/contracts';
import { ApiErrors } from '../openapi/api-errors.decorator';

export const ACCESS_KEY = 'callrec:access';

/**
 * Who may call a route. Every route declares one (checked at boot by RouteAccessChecker), and the
 * same decorator states it in the OpenAPI document: the security requirement and the 401/403 answers.
 * Roles are people's (ADMIN, COMPLIANCE, SUPERVISOR, AGENT) or API keys' (DIALER, READER); a key
 * reaches only routes that name its role.
 */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'roles'; roles: readonly AccessRole[] }
  | { kind: 'twilio' }
  | { kind: 'metrics'; roles: readonly AccessRole[] };

/** No sign-in needed (health, login). */
export const Public = () =>
  // An empty security requirement: no credentials needed.
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies RouteAccess), ApiSecurity({}));

/** Twilio webhooks: no user, the X-Twilio-Signature check stands in for authentication. */
export const TwilioOnly = () => SetMetadata(ACCESS_KEY, { kind: 'twilio' } satisfies RouteAccess);

/** Signed-in users or API keys with one of these roles; ADMIN may do everything (design section 5). */
export const Roles = (...roles: AccessRole[]) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles: Array.from(new Set<AccessRole>(['ADMIN', ...roles])) } satisfies RouteAccess),
    ApiBearerAuth(),
    ApiErrors(401, 403),
  );

/** Prometheus: METRICS_TOKEN as a bearer token, or else a signed-in ADMIN (design 9.2). */
export const MetricsScrape = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'metrics', roles: ['ADMIN'] } satisfies RouteAccess),
    ApiBearerAuth(),
    ApiErrors(401, 403),
  );

/**
 * Any signed-in user, whatever the role, and API keys of the roles named (none unless named: a
 * session's own routes, such as logout, mean nothing to a key).
 */
export const SignedIn = (...apiKeyRoles: ApiKeyRole[]) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles: [...ROLES, ...apiKeyRoles] } satisfies RouteAccess),
    ApiBearerAuth(),
    // A key of another role is refused.
    apiKeyRoles.length > 0 ? ApiErrors(401, 403) : ApiErrors(401),
  );

export const MEDIA_TOKEN_KEY = 'callrec:media-token';

/** The route also accepts `?token=` media tokens for the recording named by `:id`. */
export const AcceptsMediaToken = () => SetMetadata(MEDIA_TOKEN_KEY, true);

export const EVENT_TICKET_KEY = 'callrec:event-ticket';

/**
 * The route also accepts a single-use ticket from `POST /api/events/ticket` as `?ticket=`:
 * EventSource cannot send headers, and a long-lived token must never travel in a URL.
 */
export const AcceptsEventTicket = () => SetMetadata(EVENT_TICKET_KEY, true);

export const MFA_TOKEN_BODY_KEY = 'callrec:mfa-token-body';

/**
 * The route also takes, instead of a bearer token, the `mfaToken` of a sign-in that must set up
 * its second factor (design 9.9), in the body: the guard lets such a request through without a
 * user, and the handler redeems the token, which opens nothing else.
 */
export const AcceptsMfaToken = () => SetMetadata(MFA_TOKEN_BODY_KEY, true);
