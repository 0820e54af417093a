import { Role } from '@callrec/contracts';
import { NAV_ITEMS, NavItem, navItemsFor, rolesWith } from './nav-items';

const labels = (role: Role | null, items?: readonly NavItem[]) => navItemsFor(role, items).map((item) => item.label);

describe('navigation by role', () => {
  it('shows an ADMIN every page that exists now', () => {
    expect(labels('ADMIN')).toEqual(['Overview', 'Users']);
  });

  it.each<Role>(['COMPLIANCE', 'SUPERVISOR', 'AGENT'])('hides Users from %s', (role) => {
    expect(labels(role)).toEqual(['Overview']);
  });

  it('shows nothing before sign-in', () => {
    expect(labels(null)).toEqual([]);
  });

  it('derives roles from ROLE_CAPABILITIES', () => {
    expect(rolesWith('admin')).toEqual(['ADMIN']);
    expect(rolesWith('audit')).toEqual(['ADMIN', 'COMPLIANCE']);
    expect(rolesWith('play')).toEqual(['ADMIN', 'COMPLIANCE', 'SUPERVISOR']);
  });

  it('keeps config order and filters a future page by its capability', () => {
    const items: NavItem[] = [
      ...NAV_ITEMS,
      { label: 'Call records', icon: 'call_log', route: '/call-records', roles: rolesWith('readCalls') },
      { label: 'Audit log', icon: 'policy', route: '/audit', roles: rolesWith('audit') },
    ];
    expect(labels('SUPERVISOR', items)).toEqual(['Overview', 'Call records']);
    expect(labels('COMPLIANCE', items)).toEqual(['Overview', 'Call records', 'Audit log']);
    expect(labels('AGENT', items)).toEqual(['Overview']);
  });

  it('gives every item a route, an icon and at least one role', () => {
    for (const item of NAV_ITEMS) {
      expect(item.route.startsWith('/')).toBe(true);
      expect(item.icon).not.toBe('');
      expect(item.roles.length).toBeGreaterThan(0);
    }
  });
});
