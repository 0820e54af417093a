import { api, createUser, login, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';

describe('sign-in and roles (real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let admin: TestUser;
  let agent: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    agent = await createUser(t, 'AGENT');
  });
  afterAll(() => t.close());

  it('issues a token that /auth/me accepts', async () => {
    const me = await api(t, '/api/auth/me', { token: admin.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: admin.id, email: admin.email, role: 'ADMIN' });
  });

  it('answers a wrong password and an unknown email identically, and audits both', async () => {
    const wrongPassword = await api(t, '/api/auth/login', { method: 'POST', body: { email: admin.email, password: 'not-it' } });
    const unknownEmail = await api(t, '/api/auth/login', { method: 'POST', body: { email: 'nobody@test.example', password: 'x' } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body.message).toBe('Email or password is incorrect');
    const events = await t.prisma.auditEvent.findMany({ where: { action: 'LOGIN_FAILED' } });
    expect(events.map((e) => (e.details as { email: string }).email)).toEqual(expect.arrayContaining([admin.email, 'nobody@test.example']));
  });

  it('slows down repeated failures with 429 until the window passes, even for the right password', async () => {
    const victim = await createUser(t, 'COMPLIANCE');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await api(t, '/api/auth/login', { method: 'POST', body: { email: victim.email, password: `guess-${i}` } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const right = await api(t, '/api/auth/login', { method: 'POST', body: { email: victim.email, password: victim.password } });
    expect(right.status).toBe(429);
    expect(right.body.message).toMatch(/Too many failed sign-in attempts; try again in/);
  });

  it('answers 401 without a token and with a forged or malformed one', async () => {
    expect((await api(t, '/api/users')).status).toBe(401);
    const forged = admin.token.slice(0, -4) + (admin.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await api(t, '/api/users', { token: forged })).status).toBe(401);
    const malformed = await api(t, '/api/users', { headers: { authorization: 'Token abc' } });
    expect(malformed.status).toBe(401);
    expect(malformed.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Authorization header must be "Bearer <token>"',
    });
  });

  it('answers 403 to an AGENT on an ADMIN route, naming the role needed', async () => {
    const response = await api(t, '/api/users', { token: agent.token });
    expect(response.status).toBe(403);
    expect(response.body.message).toBe('This needs the role ADMIN; you are signed in as AGENT');
  });

  it('rejects an unknown body field with 400 naming it, and malformed JSON with 400', async () => {
    const unknown = await api(t, '/api/auth/login', {
      method: 'POST',
      body: { email: admin.email, password: admin.password, isAdmin: true },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('property isAdmin should not exist');
    const malformed = await api(t, '/api/auth/login', {
      method: 'POST',
      body: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Request body is not valid JSON' });
  });

  it('answers 413 to an oversized body without touching anything', async () => {
    const big = JSON.stringify({ email: admin.email, password: 'x'.repeat(2 * 1024 * 1024) });
    const response = await api(t, '/api/auth/login', { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
    expect(response.body.message).toMatch(/^Request body is too large/);
  });

  it('stops accepting the token of a deactivated user at once', async () => {
    const leaver = await createUser(t, 'SUPERVISOR');
    expect((await api(t, '/api/auth/me', { token: leaver.token })).status).toBe(200);
    const patch = await api(t, `/api/users/${leaver.id}`, { method: 'PATCH', token: admin.token, body: { active: false } });
    expect(patch.status).toBe(200);
    expect((await api(t, '/api/auth/me', { token: leaver.token })).status).toBe(401);
    const again = await api(t, '/api/auth/login', { method: 'POST', body: { email: leaver.email, password: leaver.password } });
    expect(again.status).toBe(401);
  });

  it('applies a role change and a deactivation on another replica at once, though it had the account cached', async () => {
    // A cache that would outlive the test: only the change message can make the replica see it.
    const replica = await startTestApp({ ACCOUNT_CACHE_SECONDS: '3600' });
    try {
      const mover = await createUser(t, 'COMPLIANCE');
      // The other replica has seen (and cached) the account as COMPLIANCE.
      expect((await api(replica, '/api/auth/me', { token: mover.token })).body.role).toBe('COMPLIANCE');
      expect((await api(replica, '/api/audit-events', { token: mover.token })).status).toBe(200);

      expect((await api(t, `/api/users/${mover.id}`, { method: 'PATCH', token: admin.token, body: { role: 'AGENT' } })).status).toBe(200);
      // The role change ended the session; a new one gets the new role there, not the cached one.
      expect((await api(replica, '/api/auth/me', { token: mover.token })).status).toBe(401);
      const again = await login(replica, mover.email, mover.password);
      await waitFor(
        'the replica to see the new role',
        async () => (await api(replica, '/api/auth/me', { token: again })).body.role === 'AGENT',
      );
      expect((await api(replica, '/api/audit-events', { token: again })).status).toBe(403);

      expect((await api(t, `/api/users/${mover.id}`, { method: 'PATCH', token: admin.token, body: { active: false } })).status).toBe(200);
      expect((await api(replica, '/api/auth/me', { token: again })).status).toBe(401);
    } finally {
      await replica.close();
    }
  });

  it('never answers with a stack trace', async () => {
    const response = await api(t, '/api/users/not-a-uuid', { method: 'PATCH', token: admin.token, body: {} });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'id must be a UUID' });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
