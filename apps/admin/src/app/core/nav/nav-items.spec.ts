import { Role } from '@callrec/contracts';
import { landingPath, NAV_ITEMS, NavItem, navItemsFor, rolesWith } from './nav-items';

const labels = (role: Role | null, items?: readonly NavItem[]) => navItemsFor(role, items).map((item) => item.label);

describe('navigation by role', () => {
  it('shows an ADMIN every page', () => {
    expect(labels('ADMIN')).toEqual([
      'Overview',
      'Call records',
      'Coverage',
      'Legal holds',
      'Exports',
      'Audit log',
      'Data lists',
      'Retention',
      'Pipeline',
      'Users',
      'Integrations',
    ]);
  });

  it('shows COMPLIANCE the call records, legal holds, exports and audit log, but not the admin pages', () => {
    expect(labels('COMPLIANCE')).toEqual(['Overview', 'Call records', 'Coverage', 'Legal holds', 'Exports', 'Audit log', 'Data lists']);
  });

  it('shows a SUPERVISOR the call records, their coverage and the data lists', () => {
    expect(labels('SUPERVISOR')).toEqual(['Overview', 'Call records', 'Coverage', 'Data lists']);
  });

  it('shows an AGENT only the overview', () => {
    expect(labels('AGENT')).toEqual(['Overview']);
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
    const items: NavItem[] = [...NAV_ITEMS, { label: 'Erasure', icon: 'person_remove', route: '/erasure', roles: rolesWith('holds') }];
    expect(labels('SUPERVISOR', items)).toEqual(['Overview', 'Call records', 'Coverage', 'Data lists']);
    expect(labels('COMPLIANCE', items)).toEqual([
      'Overview',
      'Call records',
      'Coverage',
      'Legal holds',
      'Exports',
      'Audit log',
      'Data lists',
      'Erasure',
    ]);
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

describe('landingPath', () => {
  it.each<[Role | null, string]>([
    ['ADMIN', '/call-records'],
    ['COMPLIANCE', '/call-records'],
    ['SUPERVISOR', '/call-records'],
    ['AGENT', '/overview'],
    [null, '/overview'],
  ])('starts %s on %s', (role, path) => {
    expect(landingPath(role)).toBe(path);
  });
});
