// Types only: the integration tier's global setup loads the config without the workspace's path aliases.
import type { Role } from '@callrec/contracts';
import { EnvReader } from './env.reader';

/** The people's roles (contracts' ROLES); the check below fails to compile if a role is added there and not here. */
const ROLES = ['ADMIN', 'COMPLIANCE', 'SUPERVISOR', 'AGENT'] as const satisfies readonly Role[];
const EVERY_ROLE: Exclude<Role, (typeof ROLES)[number]> extends never ? true : never = true;

/** Identity (design 9.9): who must sign in with a second factor. */
export interface IdentitySettings {
  /** Roles that get no session without a TOTP second factor (they enrol at their next sign-in). */
  require2faRoles: readonly Role[];
}

/** The roles that hold recordings' keys to the kingdom; a laptop or a test needs no authenticator. */
const PRODUCTION_2FA_ROLES: readonly Role[] = ['ADMIN', 'COMPLIANCE'];

/** REQUIRE_2FA_ROLES: a comma list of roles; empty (or `none`) requires no one. */
export function readIdentity(r: EnvReader, nodeEnv: 'development' | 'production' | 'test'): { identity: IdentitySettings } {
  const raw = r.raw('REQUIRE_2FA_ROLES');
  if (raw === undefined) {
    return { identity: { require2faRoles: nodeEnv === 'production' ? PRODUCTION_2FA_ROLES : [] } };
  }
  const entries = raw
    .split(',')
    .map((entry) => entry.trim().toUpperCase())
    .filter((entry) => entry !== '' && entry !== 'NONE');
  const unknown = entries.filter((entry) => !(ROLES as readonly string[]).includes(entry));
  if (unknown.length > 0) {
    r.fail(
      `REQUIRE_2FA_ROLES must be a comma list of ${ROLES.join(', ')} (or empty); cannot read ${unknown.map((e) => `"${e}"`).join(', ')}`,
    );
  }
  const roles = EVERY_ROLE && ROLES.filter((role) => entries.includes(role));
  return { identity: { require2faRoles: roles } };
}
