import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { LoginResponse } from '@callrec/contracts';
import { PasswordService } from '../src/app/auth/password.service';
import { RedisService } from '../src/services/redis/redis.service';
import { startApiProcess, stopProcess } from './api-process';
import { OidcBrowser } from './oidc-browser';
import { ProviderAccount, startTestProvider, TestProvider } from './oidc-provider-process';
import { freePort, startTestApp, TestApp } from './test-app';

/**
 * Single sign-on against a real OpenID provider (oidc-provider, certified) in its own process,
 * through the built API in its own process (openid-client is ESM-only, as is the provider):
 * the authorization code flow with PKCE, state and nonce, as a browser would go through it.
 */
describe('OpenID Connect sign-in (design 9.9)', () => {
  let t: TestApp;
  let provider: TestProvider;
  let api: ChildProcess;
  let apiUrl: string;
  const run = randomBytes(3).toString('hex');
  const emailOf = (login: string) => `${login}-${run}@sso.example`;
  const accounts: Record<string, ProviderAccount> = {};
  const account = (login: string, claims: Record<string, unknown>) => {
    accounts[login] = { password: `${login}-password`, claims: { email: emailOf(login), email_verified: true, ...claims } };
    provider.setAccounts(accounts);
  };

  beforeAll(async () => {
    t = await startTestApp();
    const [apiPort, providerPort] = [await freePort(), await freePort()];
    apiUrl = `http://127.0.0.1:${apiPort}`;
    provider = await startTestProvider({ port: providerPort, redirectUris: [`${apiUrl}/api/auth/oidc/callback`], accounts });
    api = await startApiProcess(t.config, {
      PORT: String(apiPort),
      PUBLIC_BASE_URL: apiUrl,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_ALLOW_INSECURE: 'true',
      OIDC_PROVIDER_NAME: 'Test IdP',
      OIDC_ROLE_CLAIM: 'groups',
      OIDC_ROLE_MAP: 'callrec-admins=ADMIN,callrec-compliance=COMPLIANCE,callrec-supervisors=SUPERVISOR',
      PASSWORD_LOGIN_ROLES: 'ADMIN',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
  });

  afterAll(async () => {
    if (api) await stopProcess(api);
    await provider?.stop();
    await t?.close();
  });

  /** Signs `login` in at the provider and returns where our callback sends the browser. */
  async function signIn(login: string, browser = new OidcBrowser()): Promise<URL> {
    const callback = await browser.signInAtProvider(`${apiUrl}/api/auth/oidc/start`, login, accounts[login].password);
    return browser.redirectOf(callback);
  }

  async function complete(code: string | null): Promise<Response> {
    return fetch(`${apiUrl}/api/auth/oidc/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
  }

  async function signedIn(login: string): Promise<LoginResponse> {
    const landing = await signIn(login);
    expect(landing.pathname).toBe('/sign-in');
    const response = await complete(landing.searchParams.get('sso'));
    expect(response.status).toBe(200);
    return (await response.json()) as LoginResponse;
  }

  const me = (token: string) => fetch(`${apiUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  const audits = (action: string, email: string) =>
    t.prisma.auditEvent.findMany({ where: { action: action as never, details: { path: ['email'], equals: email } } });

  it('says whether single sign-on is on, and under what name', async () => {
    expect(await (await fetch(`${apiUrl}/api/auth/oidc`)).json()).toEqual({ enabled: true, providerName: 'Test IdP' });
    // The in-process app of this suite runs without OIDC_ISSUER.
    expect(await (await fetch(`${t.url}/api/auth/oidc`)).json()).toEqual({ enabled: false, providerName: '' });
  });

  it('creates the account on first sign-in, with the mapped role, and opens our own session', async () => {
    account('cora', { name: 'Cora Compliance', groups: ['everyone', 'callrec-compliance'] });
    const answer = await signedIn('cora');

    expect(answer.user).toMatchObject({ email: emailOf('cora'), name: 'Cora Compliance', role: 'COMPLIANCE' });
    expect(await (await me(answer.accessToken)).json()).toMatchObject({ email: emailOf('cora'), role: 'COMPLIANCE' });
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: emailOf('cora') } });
    expect(user).toMatchObject({ passwordHash: null, oidcIssuer: provider.issuer, oidcSubject: 'cora', role: 'COMPLIANCE' });
    expect(await audits('USER_CREATED', emailOf('cora'))).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ via: 'oidc', role: 'COMPLIANCE' }) }),
    ]);
    expect(await audits('LOGIN_SUCCEEDED', emailOf('cora'))).toEqual([
      expect.objectContaining({ actorId: user.id, details: expect.objectContaining({ method: 'oidc', issuer: provider.issuer }) }),
    ]);
  });

  it('hands the session over once: the one-time code cannot be used again', async () => {
    account('otto', { name: 'Otto', groups: ['callrec-supervisors'] });
    const landing = await signIn('otto');
    const code = landing.searchParams.get('sso');
    expect((await complete(code)).status).toBe(200);
    const again = await complete(code);
    expect(again.status).toBe(401);
    expect((await again.json()).message).toBe('This sign-in has expired or was already used; sign in again');
  });

  it('updates name and role at the next sign-in, and ends the sessions of the old role', async () => {
    account('ursula', { name: 'Ursula', groups: ['callrec-supervisors'] });
    const first = await signedIn('ursula');
    expect(first.user.role).toBe('SUPERVISOR');

    account('ursula', { name: 'Ursula Upgraded', groups: ['callrec-compliance'] });
    const second = await signedIn('ursula');

    expect(second.user).toMatchObject({ id: first.user.id, name: 'Ursula Upgraded', role: 'COMPLIANCE' });
    expect((await me(second.accessToken)).status).toBe(200);
    expect((await me(first.accessToken)).status).toBe(401);
    const updated = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'USER_UPDATED', details: { path: ['userId'], equals: first.user.id } },
    });
    expect(updated.details).toMatchObject({
      via: 'oidc',
      before: { role: 'SUPERVISOR' },
      after: { role: 'COMPLIANCE', name: 'Ursula Upgraded' },
    });
  });

  it('refuses someone without the role claim, creates nothing, and says why', async () => {
    account('nora', { name: 'Nora Norole' });
    const landing = await signIn('nora');

    expect(landing.pathname).toBe('/sign-in');
    expect(landing.searchParams.get('error')).toBe('sso_no_role');
    expect(landing.searchParams.get('sso')).toBeNull();
    expect(await t.prisma.user.count({ where: { email: emailOf('nora') } })).toBe(0);
    const [refused] = await t.prisma.auditEvent.findMany({
      where: { action: 'OIDC_LOGIN_REFUSED', details: { path: ['email'], equals: emailOf('nora') } },
    });
    expect(refused.details).toMatchObject({ subject: 'nora', roleClaim: 'groups', values: [], reason: expect.stringContaining('no role') });
  });

  it('refuses a deactivated account even though the provider vouches for it', async () => {
    account('dora', { name: 'Dora', groups: ['callrec-compliance'] });
    const { user } = await signedIn('dora');
    await t.prisma.user.update({ where: { id: user.id }, data: { active: false } });

    const landing = await signIn('dora');

    expect(landing.searchParams.get('error')).toBe('sso_deactivated');
    expect(await t.prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it('refuses a forged state and a replayed callback, and still accepts the genuine one once', async () => {
    account('rita', { name: 'Rita', groups: ['callrec-compliance'] });
    const browser = new OidcBrowser();
    const callback = await browser.signInAtProvider(`${apiUrl}/api/auth/oidc/start`, 'rita', accounts['rita'].password);

    const forged = new URL(callback);
    forged.searchParams.set('state', randomBytes(32).toString('base64url'));
    expect((await browser.redirectOf(forged)).searchParams.get('error')).toBe('sso_state');
    const missing = new URL(callback);
    missing.searchParams.delete('state');
    expect((await browser.redirectOf(missing)).searchParams.get('error')).toBe('sso_state');

    expect((await browser.redirectOf(callback)).searchParams.get('sso')).toMatch(/^[\w-]{32}$/);
    expect((await browser.redirectOf(callback)).searchParams.get('error')).toBe('sso_state');
  });

  it('sends a PKCE challenge, and the code is worthless without the verifier we kept (or with another nonce)', async () => {
    account('pia', { name: 'Pia', groups: ['callrec-compliance'] });
    const start = await new OidcBrowser().redirectOf(`${apiUrl}/api/auth/oidc/start`);
    expect(start.origin).toBe(provider.issuer);
    expect(start.searchParams.get('code_challenge_method')).toBe('S256');
    expect(start.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(start.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);

    // The provider requires PKCE: an authorization request without a challenge is refused there.
    const withoutPkce = new URL(start);
    withoutPkce.searchParams.delete('code_challenge');
    withoutPkce.searchParams.delete('code_challenge_method');
    const refused = await new OidcBrowser().follow(withoutPkce.href, (url) => url.pathname === '/api/auth/oidc/callback');
    expect(refused.url.searchParams.get('error')).toBe('invalid_request');

    const redis = t.app.get(RedisService).client;
    for (const [field, value] of [
      ['codeVerifier', randomBytes(32).toString('base64url')],
      ['nonce', randomBytes(32).toString('base64url')],
    ]) {
      const browser = new OidcBrowser();
      const callback = await browser.signInAtProvider(`${apiUrl}/api/auth/oidc/start`, 'pia', accounts['pia'].password);
      const key = `callrec:oidc:pending:${callback.searchParams.get('state')}`;
      const pending = JSON.parse((await redis.get(key)) as string) as Record<string, string>;
      await redis.set(key, JSON.stringify({ ...pending, [field]: value }), 'EX', 60);
      expect((await browser.redirectOf(callback)).searchParams.get('error')).toBe('sso_provider');
    }
    expect(await t.prisma.user.count({ where: { email: emailOf('pia') } })).toBe(0);
  });

  it('links an existing local account by email on its first single sign-on, and never a second subject to it', async () => {
    const email = emailOf('lena');
    const local = await t.prisma.user.create({ data: { email, name: 'Lena Local', role: 'SUPERVISOR', passwordHash: null } });
    account('lena', { name: 'Lena', groups: ['callrec-supervisors'] });
    expect((await signedIn('lena')).user.id).toBe(local.id);
    expect(await t.prisma.user.findUniqueOrThrow({ where: { id: local.id } })).toMatchObject({ oidcSubject: 'lena' });

    accounts['impostor'] = { password: 'impostor-password', claims: { email, email_verified: true, groups: ['callrec-admins'] } };
    provider.setAccounts(accounts);
    expect((await signIn('impostor')).searchParams.get('error')).toBe('sso_email_conflict');
  });

  it('keeps local passwords for the roles in PASSWORD_LOGIN_ROLES only', async () => {
    const passwords = t.app.get(PasswordService);
    const password = 'a-local-password-123';
    const login = (email: string, pw = password) =>
      fetch(`${apiUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: pw }),
      });
    const admin = await t.prisma.user.create({
      data: { email: `admin-${run}@local.example`, name: 'Break glass', role: 'ADMIN', passwordHash: await passwords.hash(password) },
    });
    const officer = await t.prisma.user.create({
      data: { email: `officer-${run}@local.example`, name: 'Officer', role: 'COMPLIANCE', passwordHash: await passwords.hash(password) },
    });

    expect((await login(admin.email)).status).toBe(200);
    const refused = await login(officer.email);
    expect(refused.status).toBe(403);
    expect((await refused.json()).message).toBe('Sign in with Test IdP: password sign-in is turned off for COMPLIANCE accounts');
    // A wrong password still gets the usual answer, which says nothing about the role.
    expect((await login(officer.email, 'wrong-password-123')).status).toBe(401);
    // An account made by single sign-on has no password at all.
    expect((await login(emailOf('cora'), 'anything-at-all')).status).toBe(401);
  });
});
