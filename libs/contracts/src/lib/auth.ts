import { Role } from './enums';

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  expiresIn: number;
  user: AuthUser;
}

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** What each role may do, as the admin's navigation and the API guards both need it. */
export const ROLE_CAPABILITIES: Record<
  Role,
  {
    readCalls: boolean;
    play: boolean;
    download: boolean;
    audit: boolean;
    holds: boolean;
    admin: boolean;
  }
> = {
  ADMIN: { readCalls: true, play: true, download: true, audit: true, holds: true, admin: true },
  COMPLIANCE: { readCalls: true, play: true, download: true, audit: true, holds: true, admin: false },
  SUPERVISOR: { readCalls: true, play: true, download: false, audit: false, holds: false, admin: false },
  AGENT: { readCalls: false, play: false, download: false, audit: false, holds: false, admin: false },
};

/** `POST /api/events/ticket`: a single-use ticket for `GET /api/events?ticket=…` (EventSource sends no header). */
export interface EventTicketResponse {
  ticket: string;
  expiresAt: string;
}

/**
 * `POST /api/auth/login` for an account that needs its second factor (design 9.9): no session
 * yet. `mfaToken` is single-use, bound to the account, and expires after `expiresIn` seconds;
 * it completes the sign-in through `POST /api/auth/2fa/verify`, or, when `enrolmentRequired`
 * (the role requires a second factor the account has not set up), through
 * `POST /api/auth/2fa/setup` and `POST /api/auth/2fa/enable`.
 */
export interface MfaChallengeResponse {
  mfaRequired: true;
  mfaToken: string;
  expiresIn: number;
  enrolmentRequired?: true;
}

export type LoginResult = LoginResponse | MfaChallengeResponse;

export function isMfaChallenge(result: LoginResult): result is MfaChallengeResponse {
  return 'mfaRequired' in result && result.mfaRequired === true;
}

/** `POST /api/auth/2fa/verify`: a 6-digit code from the authenticator, or a recovery code. */
export interface TwoFactorVerifyRequest {
  mfaToken: string;
  code: string;
}

/** `POST /api/auth/2fa/setup`: signed in, or with the `mfaToken` of a sign-in that must enrol. */
export interface TwoFactorSetupRequest {
  mfaToken?: string;
}

/** A new secret, pending until `enable` confirms it with a first code. */
export interface TwoFactorSetupResponse {
  otpauthUri: string;
  /** The otpauth URI as a QR code, a `data:image/png;base64,…` URL. */
  qrCodeDataUrl: string;
  /** The base32 secret, for authenticators that cannot scan. */
  secret: string;
}

export interface TwoFactorEnableRequest {
  code: string;
  mfaToken?: string;
}

export interface TwoFactorEnableResponse {
  /** Shown once: only their hashes are kept. */
  recoveryCodes: string[];
  /** The session, when enrolment completed a sign-in (`mfaToken` was given). */
  session?: LoginResponse;
}

/** `DELETE /api/auth/2fa`: a current code, so a borrowed session alone cannot turn it off. */
export interface TwoFactorDisableRequest {
  code: string;
}

/** `GET /api/auth/me`. */
export interface MeResponse extends AuthUser {
  twoFactorEnabled: boolean;
  /** The role requires a second factor (REQUIRE_2FA_ROLES): it cannot be turned off. */
  twoFactorRequired: boolean;
}

/** `POST /api/users/:id/2fa/reset` (ADMIN). */
export interface ResetTwoFactorRequest {
  reason: string;
}
