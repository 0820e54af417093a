import { OidcErrorCode } from '@callrec/contracts';

/** What the sign-in page says for each refusal the single sign-on callback reports (`?error=`). */
export function ssoErrorMessage(code: string, provider: string): string {
  const messages: Record<OidcErrorCode, string> = {
    sso_no_role:
      `Your account at ${provider} has no role for this application. ` +
      'Ask your administrator to add you to one of its groups, then sign in again.',
    sso_deactivated: 'Your account here is deactivated. Ask an administrator to reactivate it.',
    sso_email_missing: `${provider} did not send your email address, so no account could be matched. Ask your administrator to release the email claim.`,
    sso_email_conflict: 'Your email address belongs to another account here. Ask an administrator to resolve it.',
    sso_last_admin: `${provider} no longer gives you the ADMIN role, but you are the last active ADMIN here. Make another user ADMIN first, or ask for the ADMIN role at ${provider}.`,
    sso_state: 'That sign-in has expired or was already used. Sign in again.',
    sso_provider: `${provider} did not complete the sign-in. Try again.`,
    sso_unavailable: `${provider} cannot be reached right now. Try again shortly.`,
    sso_disabled: 'Single sign-on is not set up for this installation. Sign in with your email and password.',
    sso_failed: 'The sign-in could not be completed. Try again in a moment.',
  };
  return messages[code as OidcErrorCode] ?? 'The sign-in could not be completed. Try again.';
}
