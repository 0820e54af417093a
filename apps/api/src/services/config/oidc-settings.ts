import type { Role } from '@callrec/contracts';
import { EnvReader } from './env.reader';

/**
 * Our roles, most privileged first. Spelled out rather than imported: the test tiers' global
 * setup loads the configuration without the workspace's path aliases, so only types may come
 * from @callrec/contracts here; the check below fails to compile if a role is missing.
 */
const ROLES = ['ADMIN', 'COMPLIANCE', 'SUPERVISOR', 'AGENT'] as const satisfies readonly Role[];
const EVERY_ROLE: [Exclude<Role, (typeof ROLES)[number]>] extends [never] ? true : never = true;
void EVERY_ROLE;

/** OpenID Connect single sign-on (design 9.9); absent when OIDC_ISSUER is unset. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Never logged, never shown: only sent to the provider's token endpoint. */
  clientSecret: string;
  /** The button says "Sign in with <providerName>". */
  providerName: string;
  scopes: string;
  /** Where the role is in the claims: a name or a dotted path (`realm_access.roles`). */
  roleClaim: string;
  /** Provider value (group, app role…) → our role. */
  roleMap: ReadonlyMap<string, Role>;
  redirectUri: string;
  /** Plain-http issuer allowed (tests, a laptop); refused with NODE_ENV=production. */
  allowInsecure: boolean;
}

export interface SignInSettings {
  oidc: OidcSettings | undefined;
  /** Roles that may still sign in with a local password (break-glass ADMINs when SSO is on). */
  passwordLoginRoles: readonly Role[];
}

/** `callrec-admins=ADMIN, callrec-compliance=COMPLIANCE`; a value may be repeated for several groups. */
export function parseRoleMap(text: string): { map: Map<string, Role>; problems: string[] } {
  const map = new Map<string, Role>();
  const problems: string[] = [];
  for (const entry of text.split(',').map((item) => item.trim())) {
    if (entry === '') continue;
    const at = entry.lastIndexOf('=');
    const value = at > 0 ? entry.slice(0, at).trim() : '';
    const role =
      at > 0
        ? entry
            .slice(at + 1)
            .trim()
            .toUpperCase()
        : '';
    if (!value || !(ROLES as readonly string[]).includes(role)) {
      problems.push(`"${entry}" is not <provider value>=<${ROLES.join('|')}>`);
      continue;
    }
    if (map.has(value) && map.get(value) !== role) problems.push(`"${value}" is mapped to two roles`);
    map.set(value, role as Role);
  }
  if (map.size === 0 && problems.length === 0) problems.push('it maps nothing');
  return { map, problems };
}

function readRoles(r: EnvReader, name: string, fallback: readonly Role[]): readonly Role[] {
  const value = r.raw(name);
  if (value === undefined) return fallback;
  const items = value
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter(Boolean);
  const bad = items.filter((item) => !(ROLES as readonly string[]).includes(item));
  if (bad.length > 0 || items.length === 0) {
    r.fail(`${name} must be a comma-separated list of ${ROLES.join(', ')}, got "${value}"`);
    return fallback;
  }
  return [...new Set(items)] as Role[];
}

export function readOidc(r: EnvReader, { nodeEnv, publicBaseUrl }: { nodeEnv: string; publicBaseUrl: string }): SignInSettings {
  const passwordLoginRoles = readRoles(r, 'PASSWORD_LOGIN_ROLES', ROLES);
  const issuerRaw = r.raw('OIDC_ISSUER');
  if (issuerRaw === undefined) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP']) {
      if (r.raw(name) !== undefined) r.fail(`${name} is set but OIDC_ISSUER is not; set OIDC_ISSUER to turn single sign-on on`);
    }
    const locked = ROLES.filter((role) => !passwordLoginRoles.includes(role));
    if (locked.length > 0) {
      r.fail(
        `PASSWORD_LOGIN_ROLES leaves ${locked.join(', ')} no way to sign in without single sign-on; set OIDC_ISSUER or allow every role`,
      );
    }
    return { oidc: undefined, passwordLoginRoles };
  }
  const allowInsecure = r.bool('OIDC_ALLOW_INSECURE', false);
  // Validated as a URL but used exactly as written: the provider's metadata must name the very
  // same issuer, trailing slash included (Auth0's has one, Okta's and Keycloak's do not).
  r.url('OIDC_ISSUER', issuerRaw, ['https', 'http']);
  const issuer = issuerRaw;
  if (issuer.startsWith('http:') && !allowInsecure) {
    r.fail(`OIDC_ISSUER must use https, got "${issuer}" (OIDC_ALLOW_INSECURE=true allows http, for tests and development only)`);
  }
  if (allowInsecure && nodeEnv === 'production') {
    r.fail('OIDC_ALLOW_INSECURE=true is refused with NODE_ENV=production: tokens and codes would cross the network in clear');
  }
  const clientId = r.raw('OIDC_CLIENT_ID');
  const clientSecret = r.raw('OIDC_CLIENT_SECRET');
  if (clientId === undefined) r.fail('OIDC_CLIENT_ID is required with OIDC_ISSUER (the client or application id at the provider)');
  if (clientSecret === undefined)
    r.fail('OIDC_CLIENT_SECRET is required with OIDC_ISSUER (the confidential client secret at the provider)');
  const scopes = r.string('OIDC_SCOPES', 'openid email profile').split(/\s+/).filter(Boolean);
  if (!scopes.includes('openid')) r.fail(`OIDC_SCOPES must include "openid", got "${scopes.join(' ')}"`);
  const roleClaim = r.string('OIDC_ROLE_CLAIM', 'roles');
  r.matches('OIDC_ROLE_CLAIM', roleClaim, /^[^.\s]+(\.[^.\s]+)*$/, 'a claim name or a dotted path such as realm_access.roles');
  const roleMapText = r.string('OIDC_ROLE_MAP', ROLES.map((role) => `${role}=${role}`).join(','));
  const { map: roleMap, problems } = parseRoleMap(roleMapText);
  if (problems.length > 0) r.fail(`OIDC_ROLE_MAP ${problems.join('; ')}`);
  const redirectUri = r.url('OIDC_REDIRECT_URI', `${publicBaseUrl}/api/auth/oidc/callback`, ['http', 'https']);
  if (nodeEnv === 'production' && redirectUri.startsWith('http:')) {
    r.fail(`OIDC_REDIRECT_URI must use https with NODE_ENV=production, got "${redirectUri}" (set PUBLIC_BASE_URL or OIDC_REDIRECT_URI)`);
  }
  return {
    oidc: {
      issuer,
      clientId: clientId ?? '',
      clientSecret: clientSecret ?? '',
      providerName: r.string('OIDC_PROVIDER_NAME', 'single sign-on'),
      scopes: scopes.join(' '),
      roleClaim,
      roleMap,
      redirectUri,
      allowInsecure,
    },
    passwordLoginRoles,
  };
}
