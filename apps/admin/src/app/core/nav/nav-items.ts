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
 * The side navigation, in display order: daily review first, then compliance, then the
 * pages that configure the system.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Overview', icon: 'space_dashboard', route: '/overview', roles: ROLES },
  { label: 'Call records', icon: 'call_log', route: '/call-records', roles: rolesWith('readCalls') },
  // Whether every answered call was recorded (design 9.7): for whoever reviews calls.
  { label: 'Coverage', icon: 'donut_large', route: '/coverage', roles: rolesWith('readCalls') },
  { label: 'Legal holds', icon: 'gavel', route: '/legal-holds', roles: rolesWith('holds') },
  { label: 'Exports', icon: 'inventory_2', route: '/exports', roles: rolesWith('download') },
  { label: 'Audit log', icon: 'policy', route: '/audit', roles: rolesWith('audit') },
  { label: 'Data lists', icon: 'list_alt', route: '/data-lists', roles: rolesWith('readCalls') },
  { label: 'Retention', icon: 'auto_delete', route: '/retention', roles: rolesWith('admin') },
  { label: 'Pipeline', icon: 'conveyor_belt', route: '/pipeline', roles: rolesWith('admin') },
  { label: 'Users', icon: 'group', route: '/users', roles: rolesWith('admin') },
  { label: 'Integrations', icon: 'hub', route: '/integrations', roles: rolesWith('admin') },
];

/**
 * Where `/` leads after sign-in: people who review calls spend their day in the grid, so it
 * is their start page; everyone else starts on the overview.
 */
export function landingPath(role: Role | null): string {
  return role !== null && ROLE_CAPABILITIES[role].readCalls ? '/call-records' : '/overview';
}

export function navItemsFor(role: Role | null, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return role === null ? [] : items.filter((item) => item.roles.includes(role));
}
