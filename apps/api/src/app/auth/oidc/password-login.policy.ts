import { ForbiddenException } from '@nestjs/common';
import { Role } from '@callrec/contracts';
import { AppConfig } from '../../../services/config/app-config';
import { RequestContext } from '../../../common/request-context';
import { AuditWriter } from '../../audit/audit.writer';

/**
 * PASSWORD_LOGIN_ROLES: with single sign-on on, local passwords can be kept for break-glass
 * ADMINs only. Checked after the password proved right, so the answer tells nothing to a guesser;
 * audited as a failed sign-in, and a 403 that names the way in.
 */
export async function assertPasswordLoginAllowed(
  config: AppConfig,
  audit: AuditWriter,
  user: { id: string; email: string; role: Role },
  context: RequestContext,
): Promise<void> {
  if (config.passwordLoginRoles.includes(user.role)) return;
  await audit.recordQuietly({
    action: 'LOGIN_FAILED',
    context,
    actorId: null,
    details: { email: user.email, reason: `password sign-in is off for ${user.role}` },
  });
  const provider = config.oidc?.providerName ?? 'single sign-on';
  throw new ForbiddenException(`Sign in with ${provider}: password sign-in is turned off for ${user.role} accounts`);
}
