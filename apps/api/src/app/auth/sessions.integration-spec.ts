import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { seedStoredRecordings } from '../../../test/recording-fixtures';
import { api, createUser, login, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { RedisService } from '../../services/redis/redis.service';
import { UsersService } from '../users/users.service';
import { TokenService } from './token.service';

/** The session id inside an access token (its payload is plain base64url JSON). */
function sidOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
}

describe('sessions: sign-out and revocation (real PostgreSQL and Redis)', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
  });
  afterAll(() => t.close());

  const me = (token: string) => api(t, '/api/auth/me', { token });
  const patch = (user: TestUser, body: Record<string, unknown>) =>
    api(t, `/api/users/${user.id}`, { method: 'PATCH', token: admin.token, body });

  it('a sign-in opens a session, named by the token, and is audited LOGIN_SUCCEEDED', async () => {
    const user = await createUser(t, 'SUPERVISOR');
    const sid = sidOf(user.token);
    const row = await t.prisma.session.findUniqueOrThrow({ where: { id: sid } });
    expect(row).toMatchObject({ userId: user.id, endedAt: null, ip: expect.any(String) });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + (t.config.jwtTtlSeconds - 60) * 1000);
    const audited = await t.prisma.auditEvent.findFirst({ where: { action: 'LOGIN_SUCCEEDED', actorId: user.id } });
    expect(audited?.details).toMatchObject({ email: user.email, sessionId: sid });
  });

  it('sign-out ends that session only: its token answers 401 at once, another session of the user goes on', async () => {
    const user = await createUser(t, 'COMPLIANCE');
    const other = await login(t, user.email, user.password);
    expect((await me(user.token)).status).toBe(200);

    const logout = await api(t, '/api/auth/logout', { method: 'POST', token: user.token });
    expect(logout.status).toBe(204);

    const after = await me(user.token);
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('This session has ended (signed out); sign in again');
    expect((await api(t, '/api/auth/logout', { method: 'POST', token: user.token })).status).toBe(401);
    expect((await me(other)).status).toBe(200);

    const row = await t.prisma.session.findUniqueOrThrow({ where: { id: sidOf(user.token) } });
    expect(row).toMatchObject({ endedAt: expect.any(Date), endReason: 'signed out' });
    const logouts = await t.prisma.auditEvent.findMany({ where: { action: 'LOGOUT', actorId: user.id } });
    expect(logouts).toHaveLength(1);
    expect(logouts[0].details).toEqual({ sessionId: sidOf(user.token) });
  });

  it('a media token dies with its session', async () => {
    const agent = await createUser(t, 'AGENT');
    const [recording] = await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 0 }]);
    const user = await createUser(t, 'COMPLIANCE');
    const minted = await api(t, `/api/recordings/${recording.id}/media-token`, { method: 'POST', token: user.token });
    expect(minted.status).toBe(200);
    expect((await fetch(`${t.url}${minted.body.streamUrl}`, { headers: { range: 'bytes=0-9' } })).status).toBe(206);

    expect((await api(t, '/api/auth/logout', { method: 'POST', token: user.token })).status).toBe(204);

    const stream = await fetch(`${t.url}${minted.body.streamUrl}`, { headers: { range: 'bytes=0-9' } });
    expect(stream.status).toBe(401);
    expect((await fetch(`${t.url}${minted.body.downloadUrl}`)).status).toBe(401);
  });

  it.each([
    ['a password change', { password: 'a-brand-new-password-1' }, 'password changed'],
    ['a role change', { role: 'AGENT' }, 'role changed'],
    ['a deactivation', { active: false }, 'deactivated'],
  ])('%s ends every session of the user at once and is audited SESSIONS_REVOKED', async (_what, body, reason) => {
    const user = await createUser(t, 'SUPERVISOR');
    const second = await login(t, user.email, user.password);
    const bystander = await createUser(t, 'SUPERVISOR');

    expect((await patch(user, body)).status).toBe(200);

    for (const token of [user.token, second]) {
      const refused = await me(token);
      expect(refused.status).toBe(401);
    }
    expect((await me(bystander.token)).status).toBe(200);
    const revoked = await t.prisma.auditEvent.findFirst({
      where: { action: 'SESSIONS_REVOKED', details: { path: ['userId'], equals: user.id } },
    });
    expect(revoked).toMatchObject({ actorId: admin.id, details: { userId: user.id, reason, count: 2 } });
    expect(await t.prisma.session.count({ where: { userId: user.id, endedAt: null } })).toBe(0);
  });

  it('a rename ends nothing', async () => {
    const user = await createUser(t, 'SUPERVISOR');
    expect((await patch(user, { name: 'Someone Else' })).status).toBe(200);
    expect((await me(user.token)).status).toBe(200);
  });

  it('the CLI password reset ends every session of the account and is audited', async () => {
    const user = await createUser(t, 'COMPLIANCE');
    const password = await t.app.get(UsersService).resetPassword(user.email);

    expect((await me(user.token)).status).toBe(401);
    await expect(login(t, user.email, password)).resolves.toEqual(expect.any(String));
    const revoked = await t.prisma.auditEvent.findFirst({
      where: { action: 'SESSIONS_REVOKED', details: { path: ['userId'], equals: user.id } },
    });
    expect(revoked).toMatchObject({ actorId: null, details: { reason: 'password reset', count: 1 } });
    const updated = await t.prisma.auditEvent.findFirst({
      where: { action: 'USER_UPDATED', details: { path: ['userId'], equals: user.id } },
    });
    expect(updated?.details).toMatchObject({ passwordChanged: true, via: 'reset-admin-password' });
  });

  it('when Redis has lost a session key, a live session is restored from the database and an ended one stays refused', async () => {
    const redis = t.app.get(RedisService).client;
    const live = await createUser(t, 'SUPERVISOR');
    const ended = await createUser(t, 'SUPERVISOR');
    expect((await api(t, '/api/auth/logout', { method: 'POST', token: ended.token })).status).toBe(204);
    // As after a Redis restart without persistence.
    await redis.del(`callrec:session:${sidOf(live.token)}`, `callrec:session:${sidOf(ended.token)}`);

    expect((await me(live.token)).status).toBe(200);
    expect(await redis.get(`callrec:session:${sidOf(live.token)}`)).toBe(live.id);
    const refused = await me(ended.token);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('This session has ended (signed out); sign in again');
  });

  it('refuses a well-signed token whose session does not exist, and one from before sessions (no sid)', async () => {
    const user = await createUser(t, 'SUPERVISOR');
    const unknown = t.app
      .get(TokenService)
      .signAccess(user.id, 'SUPERVISOR', { id: randomUUID(), expiresAt: new Date(Date.now() + 60_000) });
    const refused = await me(unknown);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('This session has ended; sign in again');
    const old = t.app.get(JwtService).sign({ sub: user.id, role: 'SUPERVISOR', typ: 'access' }, { expiresIn: 60 });
    expect((await me(old)).status).toBe(401);
  });
});
