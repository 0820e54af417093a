/** `GET /api/auth/oidc`: whether the sign-in page offers single sign-on, and under what name. */
export interface OidcStatus {
  enabled: boolean;
  /** The button reads "Sign in with <providerName>". */
  providerName: string;
}

/** `POST /api/auth/oidc/complete`: the one-time code the callback put in `/sign-in?sso=…`. */
export interface OidcCompleteRequest {
  code: string;
}

/**
 * Why a single sign-on was refused: the callback sends the browser to `/sign-in?error=<code>`
 * and the sign-in page says it in words.
 */
export const OIDC_ERROR_CODES = [
  'sso_no_role',
  'sso_deactivated',
  'sso_email_missing',
  'sso_email_conflict',
  'sso_last_admin',
  'sso_state',
  'sso_provider',
  'sso_unavailable',
  'sso_disabled',
  'sso_failed',
] as const;
export type OidcErrorCode = (typeof OIDC_ERROR_CODES)[number];
