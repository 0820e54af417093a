import { Role } from '@callrec/contracts';
import { claimAt, claimValues, mapRole } from './role-claim';

describe('claimAt', () => {
  const claims = {
    roles: ['ADMIN'],
    realm_access: { roles: ['offline_access', 'callrec-compliance'] },
    resource_access: { callrec: { roles: ['supervisor'] } },
    'https://callrec.example.com/roles': ['callrec-admins'],
  };

  it('reads a top-level claim, a dotted path and a claim whose name has dots', () => {
    expect(claimAt(claims, 'roles')).toEqual(['ADMIN']);
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['offline_access', 'callrec-compliance']);
    expect(claimAt(claims, 'resource_access.callrec.roles')).toEqual(['supervisor']);
    expect(claimAt(claims, 'https://callrec.example.com/roles')).toEqual(['callrec-admins']);
  });

  it('is undefined where the path leads nowhere', () => {
    expect(claimAt(claims, 'groups')).toBeUndefined();
    expect(claimAt(claims, 'roles.0')).toBeUndefined();
    expect(claimAt(claims, 'realm_access.roles.admin')).toBeUndefined();
  });
});

describe('claimValues', () => {
  it('takes an array of strings or one whole string, and nothing else', () => {
    expect(claimValues(['a', 2, '', 'b'])).toEqual(['a', 'b']);
    expect(claimValues(' CallRec Admins ')).toEqual(['CallRec Admins']);
    expect(claimValues('')).toEqual([]);
    expect(claimValues({ roles: ['a'] })).toEqual([]);
    expect(claimValues(undefined)).toEqual([]);
  });
});

describe('mapRole', () => {
  const map = new Map<string, Role>([
    ['callrec-agents', 'AGENT'],
    ['callrec-compliance', 'COMPLIANCE'],
    ['callrec-admins', 'ADMIN'],
  ]);

  it('maps a value, and gives the most privileged role of several', () => {
    expect(mapRole(['callrec-agents'], map)).toBe('AGENT');
    expect(mapRole(['callrec-agents', 'callrec-admins', 'callrec-compliance'], map)).toBe('ADMIN');
  });

  it('is null (no access) when nothing is mapped: no claim, other groups, or a different case', () => {
    expect(mapRole([], map)).toBeNull();
    expect(mapRole(['everyone', 'offline_access'], map)).toBeNull();
    expect(mapRole(['CALLREC-ADMINS'], map)).toBeNull();
  });
});
