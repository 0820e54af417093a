import { AppConfig } from './app-config';
import { parseRoleMap } from './oidc-settings';

const OIDC = {
  OIDC_ISSUER: 'https://login.example.com/realms/acme',
  OIDC_CLIENT_ID: 'callrec',
  OIDC_CLIENT_SECRET: 'client-secret-from-the-provider',
};

describe('single sign-on settings (design 9.9)', () => {
  it('is off, with passwords for every role, when OIDC_ISSUER is unset', () => {
    const config = AppConfig.fromEnv({});
    expect(config.oidc).toBeUndefined();
    expect(config.passwordLoginRoles).toEqual(['ADMIN', 'COMPLIANCE', 'SUPERVISOR', 'AGENT']);
  });

  it('has defaults for everything but the issuer and the client', () => {
    const oidc = AppConfig.fromEnv({ ...OIDC, PUBLIC_BASE_URL: 'https://calls.example.com/' }).oidc;
    expect(oidc).toMatchObject({
      issuer: 'https://login.example.com/realms/acme',
      clientId: 'callrec',
      clientSecret: 'client-secret-from-the-provider',
      providerName: 'single sign-on',
      scopes: 'openid email profile',
      roleClaim: 'roles',
      redirectUri: 'https://calls.example.com/api/auth/oidc/callback',
      allowInsecure: false,
    });
    // By default our role names map to themselves (Entra app roles named like ours).
    expect([...(oidc?.roleMap ?? [])]).toEqual([
      ['ADMIN', 'ADMIN'],
      ['COMPLIANCE', 'COMPLIANCE'],
      ['SUPERVISOR', 'SUPERVISOR'],
      ['AGENT', 'AGENT'],
    ]);
  });

  it('keeps the issuer exactly as written, trailing slash included', () => {
    expect(AppConfig.fromEnv({ ...OIDC, OIDC_ISSUER: 'https://acme.eu.auth0.com/' }).oidc?.issuer).toBe('https://acme.eu.auth0.com/');
  });

  it('reads a dotted role claim, a role map, scopes, a name and PASSWORD_LOGIN_ROLES', () => {
    const config = AppConfig.fromEnv({
      ...OIDC,
      OIDC_ROLE_CLAIM: 'realm_access.roles',
      OIDC_ROLE_MAP: 'callrec-admins=ADMIN, callrec-compliance=compliance,Call Centre Leads=SUPERVISOR',
      OIDC_SCOPES: 'openid  email profile groups',
      OIDC_PROVIDER_NAME: 'Keycloak',
      PASSWORD_LOGIN_ROLES: 'admin',
    });
    expect(config.oidc?.roleClaim).toBe('realm_access.roles');
    expect(config.oidc?.roleMap.get('callrec-compliance')).toBe('COMPLIANCE');
    expect(config.oidc?.roleMap.get('Call Centre Leads')).toBe('SUPERVISOR');
    expect(config.oidc?.scopes).toBe('openid email profile groups');
    expect(config.oidc?.providerName).toBe('Keycloak');
    expect(config.passwordLoginRoles).toEqual(['ADMIN']);
  });

  it('names what is missing or wrong', () => {
    expect(() => AppConfig.fromEnv({ OIDC_ISSUER: 'https://login.example.com' })).toThrow(
      /OIDC_CLIENT_ID is required with OIDC_ISSUER[\s\S]*OIDC_CLIENT_SECRET is required with OIDC_ISSUER/,
    );
    expect(() => AppConfig.fromEnv({ ...OIDC, OIDC_ROLE_MAP: 'admins=ROOT' })).toThrow(
      'OIDC_ROLE_MAP "admins=ROOT" is not <provider value>=<ADMIN|COMPLIANCE|SUPERVISOR|AGENT>',
    );
    expect(() => AppConfig.fromEnv({ ...OIDC, OIDC_SCOPES: 'email profile' })).toThrow('OIDC_SCOPES must include "openid"');
    expect(() => AppConfig.fromEnv({ ...OIDC, PASSWORD_LOGIN_ROLES: 'ADMIN,ROOT' })).toThrow(
      'PASSWORD_LOGIN_ROLES must be a comma-separated list',
    );
    expect(() => AppConfig.fromEnv({ OIDC_CLIENT_ID: 'callrec' })).toThrow('OIDC_CLIENT_ID is set but OIDC_ISSUER is not');
    expect(() => AppConfig.fromEnv({ PASSWORD_LOGIN_ROLES: 'ADMIN' })).toThrow(
      'PASSWORD_LOGIN_ROLES leaves COMPLIANCE, SUPERVISOR, AGENT no way to sign in without single sign-on',
    );
  });

  it('takes a plain-http issuer only with OIDC_ALLOW_INSECURE, and never in production', () => {
    const http = { ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:3125' };
    expect(() => AppConfig.fromEnv(http)).toThrow(
      'OIDC_ISSUER must use https, got "http://127.0.0.1:3125" (OIDC_ALLOW_INSECURE=true allows http',
    );
    expect(AppConfig.fromEnv({ ...http, OIDC_ALLOW_INSECURE: 'true' }).oidc?.allowInsecure).toBe(true);
    expect(() => AppConfig.fromEnv({ ...http, OIDC_ALLOW_INSECURE: 'true', NODE_ENV: 'production' })).toThrow(
      'OIDC_ALLOW_INSECURE=true is refused with NODE_ENV=production',
    );
  });

  it('never puts the client secret in a validation message', () => {
    let message = '';
    try {
      AppConfig.fromEnv({ ...OIDC, OIDC_ROLE_MAP: 'x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('OIDC_ROLE_MAP');
    expect(message).not.toContain(OIDC.OIDC_CLIENT_SECRET);
  });
});

describe('parseRoleMap', () => {
  it('takes a value with "=" in it (the last "=" separates the role)', () => {
    const { map, problems } = parseRoleMap('cn=leads,ou=groups=SUPERVISOR');
    expect(problems).toEqual(['"cn=leads" is not <provider value>=<ADMIN|COMPLIANCE|SUPERVISOR|AGENT>']);
    expect(map.get('ou=groups')).toBe('SUPERVISOR');
  });

  it('refuses one value mapped to two roles, and an empty map', () => {
    expect(parseRoleMap('leads=SUPERVISOR,leads=ADMIN').problems).toEqual(['"leads" is mapped to two roles']);
    expect(parseRoleMap(' , ').problems).toEqual(['it maps nothing']);
  });
});
