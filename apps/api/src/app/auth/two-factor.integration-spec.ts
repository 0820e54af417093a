import { Role } from '@callrec/contracts';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { RedisService } from '../../services/redis/redis.service';
import { api, createUser, startTestApp, TestApp, waitFor } from '../../../test/test-app';
import { PasswordService } from './password.service';

/**
 * The second factor against an authenticator nobody here wrote: Debian's oathtool computes
 * every code (RFC 6238, SHA-1, 6 digits, 30 s). Two codes of one secret without waiting 30 s:
 * the current step's to enable, the next step's to sign in (the API takes one step either side).
 */
function oathtool(secret: string, atSeconds = Math.floor(Date.now() / 1000)): string {
  return execFileSync('oathtool', ['--totp', '-b', secret, '-N', `@${atSeconds}`], { encoding: 'utf8' }).trim();
}

/** A six-digit code that is none of the codes the API would take now. */
function wrongCode(secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const taken = new Set([-60, -30, 0, 30, 60].map((offset) => oathtool(secret, now + offset)));
  for (let candidate = 100_000; ; candidate += 1) if (!taken.has(String(candidate))) return String(candidate);
}

interface Account {
  id: string;
  email: string;
  password: string;
}

interface Enrolled {
  secret: string;
  recoveryCodes: string[];
  /** The epoch second whose code enabled it: a sign-in needs a code of a later step. */
  enabledAt: number;
}

const REQUIRED_ROLE: Role = 'COMPLIANCE';

describe('TOTP second factor (design 9.9; real PostgreSQL and Redis, codes from oathtool)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REQUIRE_2FA_ROLES: REQUIRED_ROLE });
  });
  afterEach(async () => {
    // Every request of this suite comes from 127.0.0.1: later suites get clean counts.
    const redis = t.app.get(RedisService).client;
    const keys = [...(await redis.keys('callrec:code-fail:*')), ...(await redis.keys('callrec:login-fail:*'))];
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(() => t.close());

  /** Straight into the database: createUser signs in, which a required role cannot do with a password alone. */
  async function account(role: Role): Promise<Account> {
    const email = `totp-${role.toLowerCase()}-${randomBytes(4).toString('hex')}@test.example`;
    const password = `pw-${randomBytes(9).toString('base64url')}`;
    const passwordHash = await t.app.get(PasswordService).hash(password);
    const user = await t.prisma.user.create({ data: { email, name: `${role} with 2FA`, role, passwordHash } });
    return { id: user.id, email, password };
  }

  async function enrol(token: string): Promise<Enrolled> {
    const setup = await api(t, '/api/auth/2fa/setup', { method: 'POST', token, body: {} });
    expect(setup.status).toBe(200);
    const enabledAt = Math.floor(Date.now() / 1000);
    const enable = await api(t, '/api/auth/2fa/enable', { method: 'POST', token, body: { code: oathtool(setup.body.secret, enabledAt) } });
    expect(enable.status).toBe(200);
    return { secret: setup.body.secret, recoveryCodes: enable.body.recoveryCodes, enabledAt };
  }

  async function passwordStep(user: Pick<Account, 'email' | 'password'>): Promise<{ status: number; body: any }> {
    return api(t, '/api/auth/login', { method: 'POST', body: { email: user.email, password: user.password } });
  }

  async function mfaTokenOf(user: Pick<Account, 'email' | 'password'>): Promise<string> {
    const login = await passwordStep(user);
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), expiresIn: 300 });
    return login.body.mfaToken;
  }

  function audited(action: string, email: string) {
    return t.prisma.auditEvent.findMany({
      where: { action: action as never, details: { path: ['email'], equals: email } },
      orderBy: { seq: 'asc' },
    });
  }

  it('enrols through the API, signs in with an oathtool code, and refuses that code again (replay) and an older one', async () => {
    const user = await createUser(t, 'SUPERVISOR');
    const setup = await api(t, '/api/auth/2fa/setup', { method: 'POST', token: user.token, body: {} });
    expect(setup.status).toBe(200);
    const { otpauthUri, qrCodeDataUrl, secret } = setup.body;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri);
    expect(`${uri.protocol}//${uri.host}`).toBe('otpauth://totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Call Recordings:${user.email}`);
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    // Pending: not on until a first code, so the password alone still signs in.
    expect((await api(t, '/api/auth/me', { token: user.token })).body).toMatchObject({ twoFactorEnabled: false, twoFactorRequired: false });
    expect((await passwordStep(user)).body.accessToken).toEqual(expect.any(String));
    // The database holds the secret sealed, never as the base32 text.
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(Buffer.from(row.totpSecret ?? []).toString('latin1')).not.toContain(secret);

    const wrongFirst = await api(t, '/api/auth/2fa/enable', { method: 'POST', token: user.token, body: { code: wrongCode(secret) } });
    expect(wrongFirst.status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    const firstCode = oathtool(secret, now);
    const enable = await api(t, '/api/auth/2fa/enable', { method: 'POST', token: user.token, body: { code: firstCode } });
    expect(enable.status).toBe(200);
    expect(enable.body.recoveryCodes).toHaveLength(10);
    expect(enable.body.session).toBeUndefined();
    expect((await api(t, '/api/auth/me', { token: user.token })).body).toMatchObject({ twoFactorEnabled: true });
    expect(await audited('TWO_FACTOR_ENROLLED', user.email)).toHaveLength(1);
    expect(await audited('TWO_FACTOR_FAILED', user.email)).toMatchObject([{ details: { step: 'enable', reason: 'wrong code' } }]);
    const again = await api(t, '/api/auth/2fa/setup', { method: 'POST', token: user.token, body: {} });
    expect(again.status).toBe(409);

    const mfaToken = await mfaTokenOf(user);
    // Not a session: it opens nothing.
    expect((await api(t, '/api/auth/me', { token: mfaToken })).status).toBe(401);
    const nextCode = oathtool(secret, now + 30);
    const verified = await api(t, '/api/auth/2fa/verify', { method: 'POST', body: { mfaToken, code: nextCode } });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      accessToken: expect.any(String),
      expiresIn: expect.any(Number),
      user: { id: user.id, role: 'SUPERVISOR' },
    });
    const me = await api(t, '/api/auth/me', { token: verified.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: user.email, twoFactorEnabled: true });
    const signIns = await audited('LOGIN_SUCCEEDED', user.email);
    expect(signIns[signIns.length - 1].details).toMatchObject({ secondFactor: 'totp' });

    // Single use: the token that completed a sign-in completes no other.
    const reused = await api(t, '/api/auth/2fa/verify', { method: 'POST', body: { mfaToken, code: nextCode } });
    expect(reused.status).toBe(401);
    expect(reused.body.message).toContain('sign in again');

    const secondToken = await mfaTokenOf(user);
    const replay = await api(t, '/api/auth/2fa/verify', { method: 'POST', body: { mfaToken: secondToken, code: nextCode } });
    expect(replay.status).toBe(401);
    const older = await api(t, '/api/auth/2fa/verify', { method: 'POST', body: { mfaToken: secondToken, code: firstCode } });
    expect(older.status).toBe(401);
    const failures = await audited('TWO_FACTOR_FAILED', user.email);
    expect(failures.slice(-2).map((event) => event.details)).toEqual([
      expect.objectContaining({ step: 'sign-in', reason: 'code already used (replay)' }),
      expect.objectContaining({ step: 'sign-in', reason: expect.stringMatching(/replay|wrong code/) }),
    ]);
  });

  it('refuses a wrong code and audits it; LOGIN_MAX_FAILURES wrong codes in a parallel burst lock even the right one out', async () => {
    const user = await createUser(t, 'AGENT');
    const { secret, enabledAt } = await enrol(user.token);
    const mfaToken = await mfaTokenOf(user);
    const limit = t.config.loginMaxFailures;
    const bad = wrongCode(secret);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api(t, '/api/auth/2fa/verify', { method: 'POST', body: { mfaToken, code: bad } })),
    );
    const checked = answers.filter((answer) => answer.status !== 429);
    process.stdout.write(`wrong codes let through by a 20-request burst: ${checked.length} (LOGIN_MAX_FAILURES ${limit})\n`);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThanOrEqual(limit);
    expect(checked.every((answer) => answer.status === 401)).toBe(true);
    expect(answers.filter((answer) => answer.status === 429)[0]?.body.message).toMatch(/^Too many wrong codes; try again in/);
    expect(await audited('TWO_FACTOR_FAILED', user.email)).toHaveLength(checked.length);
    // Locked for the window, the right code too; the token is still there (a wrong code does not use it up).
    const right = await api(t, '/api/auth/2fa/verify', { method: 'POST', body: { mfaToken, code: oathtool(secret, enabledAt + 30) } });
    expect(right.status).toBe(429);
  });

  it('takes a recovery code once, not twice', async () => {
    const user = await createUser(t, 'SUPERVISOR');
    const { recoveryCodes } = await enrol(user.token);
    const code = recoveryCodes[3];
    const first = await api(t, '/api/auth/2fa/verify', {
      method: 'POST',
      // As someone copies it off paper: upper case, a space for the dash.
      body: { mfaToken: await mfaTokenOf(user), code: code.toUpperCase().replace('-', ' ') },
    });
    expect(first.status).toBe(200);
    expect((await api(t, '/api/auth/me', { token: first.body.accessToken })).status).toBe(200);
    expect(await audited('RECOVERY_CODE_USED', user.email)).toMatchObject([
      { actorId: user.id, details: { step: 'sign-in', remaining: 9 } },
    ]);

    const second = await api(t, '/api/auth/2fa/verify', { method: 'POST', body: { mfaToken: await mfaTokenOf(user), code } });
    expect(second.status).toBe(401);
    expect((await audited('TWO_FACTOR_FAILED', user.email)).map((event) => event.details)).toEqual([
      expect.objectContaining({ reason: 'unknown or used recovery code' }),
    ]);
  });

  it(`gives a role in REQUIRE_2FA_ROLES (${REQUIRED_ROLE}) no session without enrolling, and enrolling completes the sign-in`, async () => {
    const user = await account(REQUIRED_ROLE);
    const login = await passwordStep(user);
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), expiresIn: 300, enrolmentRequired: true });
    const { mfaToken } = login.body;
    expect((await api(t, '/api/auth/me', { token: mfaToken })).status).toBe(401);
    const verify = await api(t, '/api/auth/2fa/verify', { method: 'POST', body: { mfaToken, code: '123456' } });
    expect(verify.status).toBe(400);
    expect(verify.body.message).toContain('must set up its second factor first');
    // Without a token of either kind, nothing.
    expect((await api(t, '/api/auth/2fa/setup', { method: 'POST', body: {} })).status).toBe(401);
    expect((await api(t, '/api/auth/2fa/setup', { method: 'POST', body: { mfaToken: 'made-up' } })).status).toBe(401);

    const setup = await api(t, '/api/auth/2fa/setup', { method: 'POST', body: { mfaToken } });
    expect(setup.status).toBe(200);
    const wrong = await api(t, '/api/auth/2fa/enable', { method: 'POST', body: { mfaToken, code: wrongCode(setup.body.secret) } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.session).toBeUndefined();
    const enable = await api(t, '/api/auth/2fa/enable', { method: 'POST', body: { mfaToken, code: oathtool(setup.body.secret) } });
    expect(enable.status).toBe(200);
    expect(enable.body.recoveryCodes).toHaveLength(10);
    const me = await api(t, '/api/auth/me', { token: enable.body.session.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: REQUIRED_ROLE, twoFactorEnabled: true, twoFactorRequired: true });
    expect(await audited('TWO_FACTOR_ENROLLED', user.email)).toMatchObject([{ actorId: user.id, details: { via: 'sign-in' } }]);
    expect((await audited('LOGIN_SUCCEEDED', user.email)).map((event) => event.details)).toEqual([
      expect.objectContaining({ secondFactor: 'enrolled' }),
    ]);
    // The token is used up; and the required factor cannot be turned off.
    expect((await api(t, '/api/auth/2fa/setup', { method: 'POST', body: { mfaToken } })).status).toBe(401);
    const off = await api(t, '/api/auth/2fa', {
      method: 'DELETE',
      token: enable.body.session.accessToken,
      body: { code: enable.body.recoveryCodes[0] },
    });
    expect(off.status).toBe(403);
    expect(off.body.message).toContain('requires a second factor');
    // From now on the password leads to the code step.
    expect((await passwordStep(user)).body).toEqual({ mfaRequired: true, mfaToken: expect.any(String), expiresIn: 300 });
  });

  it("lets an ADMIN reset another user's second factor: audited with the reason, their sessions end, the password alone signs in again", async () => {
    const admin = await createUser(t, 'ADMIN');
    const user = await createUser(t, 'SUPERVISOR');
    await enrol(user.token);
    const path = `/api/users/${user.id}/2fa/reset`;

    expect((await api(t, path, { method: 'POST', token: user.token, body: { reason: 'I lost my phone' } })).status).toBe(403);
    const noReason = await api(t, path, { method: 'POST', token: admin.token, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('reason must say why');
    expect(
      (await api(t, `/api/users/${admin.id}/2fa/reset`, { method: 'POST', token: admin.token, body: { reason: 'mine' } })).status,
    ).toBe(409);

    const reset = await api(t, path, {
      method: 'POST',
      token: admin.token,
      body: { reason: 'Lost phone; identity checked by video call' },
    });
    expect(reset.status).toBe(204);
    expect(await audited('TWO_FACTOR_RESET', user.email)).toMatchObject([
      { actorId: admin.id, details: { userId: user.id, reason: 'Lost phone; identity checked by video call', wasEnabled: true } },
    ]);
    expect((await api(t, '/api/auth/me', { token: user.token })).status).toBe(401);
    const login = await passwordStep(user);
    expect(login.body.accessToken).toEqual(expect.any(String));
    expect((await api(t, '/api/auth/me', { token: login.body.accessToken })).body).toMatchObject({ twoFactorEnabled: false });
    expect(await t.prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await api(t, path, { method: 'POST', token: admin.token, body: { reason: 'again' } })).status).toBe(409);
    const users = await api(t, '/api/users', { token: admin.token });
    expect(users.body.find((row: { id: string }) => row.id === user.id)).toMatchObject({ twoFactorEnabled: false });
  });

  it('lets the user turn it off with a code (audited); a wrong code does not', async () => {
    const user = await createUser(t, 'AGENT');
    const { secret, recoveryCodes } = await enrol(user.token);
    const wrong = await api(t, '/api/auth/2fa', { method: 'DELETE', token: user.token, body: { code: wrongCode(secret) } });
    expect(wrong.status).toBe(401);
    const off = await api(t, '/api/auth/2fa', { method: 'DELETE', token: user.token, body: { code: recoveryCodes[0] } });
    expect(off.status).toBe(204);
    expect(await audited('TWO_FACTOR_DISABLED', user.email)).toMatchObject([{ actorId: user.id }]);
    expect(await audited('TWO_FACTOR_FAILED', user.email)).toMatchObject([{ details: { step: 'disable', reason: 'wrong code' } }]);
    expect((await passwordStep(user)).body.accessToken).toEqual(expect.any(String));
  });

  it('lets an mfaToken live five minutes in Redis and no longer', async () => {
    const user = await createUser(t, 'SUPERVISOR');
    const { secret, enabledAt } = await enrol(user.token);
    const mfaToken = await mfaTokenOf(user);
    const redis = t.app.get(RedisService).client;
    const key = `callrec:mfa-token:${mfaToken}`;
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    // Its five minutes run out (the expiry is Redis's own, brought forward).
    await redis.pexpire(key, 1);
    await waitFor('the mfaToken to expire', async () => (await redis.exists(key)) === 0);
    const late = await api(t, '/api/auth/2fa/verify', { method: 'POST', body: { mfaToken, code: oathtool(secret, enabledAt + 30) } });
    expect(late.status).toBe(401);
    expect(late.body.message).toBe('This sign-in step is unknown, used or expired; sign in again with your password');
  });

  it('answers bad input with a 400 that says what is wrong', async () => {
    const user = await createUser(t, 'SUPERVISOR');
    const notACode = await api(t, '/api/auth/2fa/verify', { method: 'POST', body: { mfaToken: 'x', code: 'abc' } });
    expect(notACode.status).toBe(400);
    expect(notACode.body.message).toBe('code must be the 6-digit code from your authenticator app, or one of your recovery codes');
    const noToken = await api(t, '/api/auth/2fa/verify', { method: 'POST', body: { code: '123456' } });
    expect(noToken.status).toBe(400);
    const enableFirst = await api(t, '/api/auth/2fa/enable', { method: 'POST', token: user.token, body: { code: '123456' } });
    expect(enableFirst.status).toBe(409);
    expect(enableFirst.body.message).toContain('POST /api/auth/2fa/setup');
    const letters = await api(t, '/api/auth/2fa/enable', { method: 'POST', token: user.token, body: { code: 'abcdef' } });
    expect(letters.status).toBe(400);
    const notOn = await api(t, '/api/auth/2fa', { method: 'DELETE', token: user.token, body: { code: '123456' } });
    expect(notOn.status).toBe(409);
  });
});
