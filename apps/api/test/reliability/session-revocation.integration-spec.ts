import { ChildProcess } from 'node:child_process';
import { runCli, startApiProcess, stopProcess } from '../api-process';
import { api, createUser, freePort, login, startTestApp, TestApp, TestUser } from '../test-app';

/** A running API process; `api()` and `login()` only need its URL. */
interface Instance extends Pick<TestApp, 'url'> {
  process: ChildProcess;
}

/**
 * Two API processes (built dist/apps/api/main.js) share the database and Redis, as replicas
 * behind a load balancer do. A session ended through one must be refused by the other on the
 * very next request: no waiting, no retry.
 */
describe('sessions end on every replica at once (two API processes)', () => {
  let t: TestApp;
  let one: Instance;
  let two: Instance;
  let admin: TestUser;
  const revokedOnTwo: string[] = [];

  async function startInstance(): Promise<Instance> {
    const port = await freePort();
    // Accounts cached for an hour: only the session check can refuse in time.
    const child = await startApiProcess(t.config, { PORT: String(port), APP_ROLE: 'api', ACCOUNT_CACHE_SECONDS: '3600' });
    return { url: `http://127.0.0.1:${port}`, process: child };
  }

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api' });
    admin = await createUser(t, 'ADMIN');
    // One after the other, so a failed start leaves nothing running that afterAll does not stop.
    one = await startInstance();
    two = await startInstance();
  });
  afterAll(async () => {
    // The figure bench/README.md quotes.
    process.stdout.write(`sessions revoked on two API instances (next request on instance 2 refused): ${revokedOnTwo.join(', ')}\n`);
    await Promise.all([one, two].filter(Boolean).map((instance) => stopProcess(instance.process)));
    await t.close();
  });

  const me = (instance: Instance, token: string) => api(instance, '/api/auth/me', { token });

  /** A user with a session opened on each instance (and one by the fixture), all used on both. */
  async function signedInOnBoth(): Promise<{ user: TestUser; tokens: string[] }> {
    const user = await createUser(t, 'COMPLIANCE');
    const tokens = [user.token, await login(one, user.email, user.password), await login(two, user.email, user.password)];
    for (const token of tokens) {
      for (const instance of [one, two]) expect((await me(instance, token)).status).toBe(200);
    }
    return { user, tokens };
  }

  async function expectRevokedEverywhere(what: string, user: TestUser, tokens: string[], reason: string): Promise<void> {
    // The very next request on instance 2, then on instance 1.
    for (const instance of [two, one]) {
      for (const token of tokens) {
        const response = await me(instance, token);
        expect(response.status).toBe(401);
        expect(response.body.message).toBe(`This session has ended (${reason}); sign in again`);
      }
    }
    const audited = await t.prisma.auditEvent.findFirst({
      where: { action: 'SESSIONS_REVOKED', details: { path: ['userId'], equals: user.id } },
    });
    expect(audited?.details).toMatchObject({ userId: user.id, reason, count: tokens.length });
    revokedOnTwo.push(what);
  }

  it('a password reset through instance 1 ends the sessions on instance 2', async () => {
    const { user, tokens } = await signedInOnBoth();
    const adminToken = await login(one, admin.email, admin.password);
    const reset = await api(one, `/api/users/${user.id}`, {
      method: 'PATCH',
      token: adminToken,
      body: { password: 'reset-by-an-admin-1' },
    });
    expect(reset.status).toBe(200);
    await expectRevokedEverywhere('password reset', user, tokens, 'password changed');
  });

  it('a role change through instance 1 ends the sessions on instance 2', async () => {
    const { user, tokens } = await signedInOnBoth();
    const adminToken = await login(one, admin.email, admin.password);
    expect((await api(one, `/api/users/${user.id}`, { method: 'PATCH', token: adminToken, body: { role: 'SUPERVISOR' } })).status).toBe(
      200,
    );
    await expectRevokedEverywhere('role change', user, tokens, 'role changed');
  });

  it('a deactivation through instance 1 ends the sessions on instance 2', async () => {
    const { user, tokens } = await signedInOnBoth();
    const adminToken = await login(one, admin.email, admin.password);
    expect((await api(one, `/api/users/${user.id}`, { method: 'PATCH', token: adminToken, body: { active: false } })).status).toBe(200);
    await expectRevokedEverywhere('deactivation', user, tokens, 'deactivated');
  });

  it('the operator password reset (CLI, a third process) ends the sessions on both instances', async () => {
    const { user, tokens } = await signedInOnBoth();
    const cli = await runCli(t.config, ['reset-admin-password'], { ADMIN_EMAIL: user.email });
    expect(cli.code).toBe(0);
    expect(cli.output).toContain(`New password for ${user.email}: `);
    await expectRevokedEverywhere('CLI password reset', user, tokens, 'password reset');
  });
});
