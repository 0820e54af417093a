import { Role, ROLES } from '@callrec/contracts';

/** Most privileged first: a person in several mapped groups gets the most their groups allow. */
const PRECEDENCE: readonly Role[] = ROLES;

/**
 * The value at a claim path: `roles`, or a dotted path into nested objects such as Keycloak's
 * `realm_access.roles` or `resource_access.callrec.roles`. A claim whose own name contains dots
 * (Okta and Auth0 allow `https://example.com/roles`-like names) is found as written first.
 */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let current: unknown = claims;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The claim's values: one string (kept whole: an Okta group may be named "CallRec Admins") or an array of strings. */
export function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value.trim()];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return [];
}

/**
 * Our role for the provider's values, or null when none is mapped (no access). When several are
 * mapped, the most privileged wins, as membership in an admins group means what it says.
 */
export function mapRole(values: readonly string[], roleMap: ReadonlyMap<string, Role>): Role | null {
  const mapped = new Set(values.map((value) => roleMap.get(value)).filter((role): role is Role => role !== undefined));
  return PRECEDENCE.find((role) => mapped.has(role)) ?? null;
}
