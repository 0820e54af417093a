import { RedisService } from '../../services/redis/redis.service';
import { api, createUser, startTestApp, TestApp } from '../../../test/test-app';

const BURST = 30;

describe('sign-in throttling under a parallel burst (real PostgreSQL and Redis)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    // Every request of this suite comes from 127.0.0.1: give later suites a clean per-IP count.
    const redis = t.app.get(RedisService).client;
    const keys = await redis.keys('callrec:login-fail:ip:*');
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(() => t.close());

  it(`checks at most LOGIN_MAX_FAILURES of ${BURST} parallel wrong passwords for one account; the rest get 429`, async () => {
    const victim = await createUser(t, 'COMPLIANCE');
    const limit = t.config.loginMaxFailures;
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        api(t, '/api/auth/login', { method: 'POST', body: { email: victim.email, password: `burst-guess-${i}` } }),
      ),
    );
    const checked = answers.filter((answer) => answer.status !== 429);
    const audited = await t.prisma.auditEvent.count({
      where: { action: 'LOGIN_FAILED', details: { path: ['email'], equals: victim.email } },
    });
    // The figure bench/README.md quotes.
    process.stdout.write(`wrong guesses let through by a ${BURST}-request burst: ${checked.length} (LOGIN_MAX_FAILURES ${limit})\n`);
    expect(checked.every((answer) => answer.status === 401)).toBe(true);
    expect(checked.length).toBeLessThanOrEqual(limit);
    expect(audited).toBe(checked.length);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(BURST - checked.length);
    // Locked for the window, also for the right password.
    const right = await api(t, '/api/auth/login', { method: 'POST', body: { email: victim.email, password: victim.password } });
    expect(right.status).toBe(429);
  });

  it('a successful sign-in clears the account count and gives back its per-IP slot', async () => {
    const user = await createUser(t, 'SUPERVISOR');
    const redis = t.app.get(RedisService).client;
    const wrong = await api(t, '/api/auth/login', { method: 'POST', body: { email: user.email, password: 'not-it' } });
    expect(wrong.status).toBe(401);
    const ipKeys = await redis.keys('callrec:login-fail:ip:*');
    expect(ipKeys).toHaveLength(1);
    const before = await redis.get(ipKeys[0]);
    expect(before).toBe('1');

    const right = await api(t, '/api/auth/login', { method: 'POST', body: { email: user.email, password: user.password } });
    expect(right.status).toBe(200);
    expect(await redis.get(ipKeys[0])).toBe(before);
    expect(await redis.exists(`callrec:login-fail:account:${user.email}`)).toBe(0);
  });
});
