import { Role, ROLE_CAPABILITIES, ROLES } from '@callrec/contracts';

export type Capability = keyof (typeof ROLE_CAPABILITIES)[Role];

export interface NavItem {
  readonly label: string;
  readonly icon: string;
  readonly route: string;
  readonly roles: readonly Role[];
  /** Highlight only on the exact path, so `/` is not active on every page. */
  readonly exact?: boolean;
}

/** The roles that hold a capability, so navigation and guards follow ROLE_CAPABILITIES. */
export function rolesWith(capability: Capability): Role[] {
  return ROLES.filter((role) => ROLE_CAPABILITIES[role][capability]);
}

/**
 * The side navigation, in display order. A page joins with one line once its route exists,
 * e.g. `{ label: 'Call records', icon: 'call_log', route: '/call-records', roles: rolesWith('readCalls') }`;
 * Pipeline, Retention (admin), Legal holds (holds) and Audit log (audit) follow the same shape.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Overview', icon: 'space_dashboard', route: '/', roles: ROLES, exact: true },
  { label: 'Users', icon: 'group', route: '/users', roles: rolesWith('admin') },
];

export function navItemsFor(
  role: Role | null,
  items: readonly NavItem[] = NAV_ITEMS,
): NavItem[] {
  return role === null ? [] : items.filter((item) => item.roles.includes(role));
}
