import { randomBytes } from 'node:crypto';
import { api, createUser, startTestApp, TestApp } from '../../../test/test-app';
import { signTwilio } from '../../../test/twilio-signer';

const LIMIT = 5;
const NO_SUCH_RECORDING = '00000000-0000-4000-8000-000000000000';

/**
 * The general rate limit (design 9.2): per signed-in user, else per client address, counted in
 * Redis so every replica sees the same count. Each test is its own client (a fresh address from
 * the trusted loopback proxy, or a fresh user), so counts from other tests never leak in.
 */
describe('general rate limit', () => {
  let a: TestApp;
  let b: TestApp;
  /** Signs users in without spending the limited instances' allowance on the sign-in itself. */
  let setup: TestApp;

  beforeAll(async () => {
    const limited = { APP_ROLE: 'api', RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: 'loopback' };
    [a, b, setup] = await Promise.all([startTestApp(limited), startTestApp(limited), startTestApp({ APP_ROLE: 'api' })]);
  });
  afterAll(() => Promise.all([a, b, setup].map((t) => t.close())));

  // A /64 of its own: IPv6 clients are counted per /64, as one host usually holds a whole one.
  const freshAddress = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1`;
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('answers 429 with Retry-After and a domain message past the limit, before authentication', async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i += 1) statuses.push((await api(a, '/api/call-records', { headers: from(address) })).status);
    expect(statuses).toEqual(Array(LIMIT).fill(401));

    const refused = await api(a, '/api/call-records', { headers: from(address) });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Too many requests from this address: at most ${LIMIT} a minute; try again in ${retryAfter} seconds`,
    });
    // Another client is not affected.
    expect((await api(a, '/api/call-records', { headers: from(freshAddress()) })).status).toBe(401);
  });

  it('counts a signed-in user wherever the requests come from, apart from others on the same address', async () => {
    const user = await createUser(setup, 'SUPERVISOR');
    const colleague = await createUser(setup, 'SUPERVISOR');
    const office = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i += 1) {
      statuses.push((await api(a, '/api/agents', { token: user.token, headers: from(i % 2 === 0 ? office : freshAddress()) })).status);
    }
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    const refused = await api(a, '/api/agents', { token: user.token, headers: from(office) });
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/^Too many requests for this user: at most 5 a minute/);
    expect((await api(a, '/api/agents', { token: colleague.token, headers: from(office) })).status).toBe(200);
  });

  it('holds across two API instances sharing Redis', async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i += 1) {
      statuses.push((await api(i % 2 === 0 ? a : b, '/api/call-records', { headers: from(address) })).status);
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
    expect((await api(a, '/api/call-records', { headers: from(address) })).status).toBe(429);
    expect((await api(b, '/api/call-records', { headers: from(address) })).status).toBe(429);
  });

  it('never throttles the player, Twilio or liveness, nor counts them', async () => {
    const user = await createUser(setup, 'SUPERVISOR');
    const address = freshAddress();
    const requests = LIMIT * 3;
    const statuses = new Set<number>();
    for (let i = 0; i < requests; i += 1) {
      // A player seeking: many range requests in a row (404 here: there is no such recording).
      const stream = await api(a, `/api/recordings/${NO_SUCH_RECORDING}/stream`, {
        token: user.token,
        headers: { ...from(address), range: `bytes=${i * 1000}-` },
      });
      statuses.add(stream.status);
      statuses.add((await api(a, '/api/health', { headers: from(address) })).status);
      const params = {
        AccountSid: a.config.twilio.accountSid,
        CallSid: `CA${randomBytes(16).toString('hex')}`,
        CallStatus: 'ringing',
        SequenceNumber: '1',
        From: '+15005550006',
        To: '+14155550100',
      };
      const webhook = await api(a, '/api/webhooks/twilio/call-status', {
        body: new URLSearchParams(params).toString(),
        headers: {
          ...from(address),
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signTwilio(a.config.twilio.authToken, `${a.config.publicBaseUrl}/api/webhooks/twilio/call-status`, params),
        },
        method: 'POST',
      });
      statuses.add(webhook.status);
    }
    expect([...statuses].sort()).toEqual([200, 204, 404]);
    // None of it was counted: the user and the address still have their whole allowance.
    expect((await api(a, '/api/agents', { token: user.token, headers: from(address) })).headers.get('x-ratelimit-remaining')).toBe(
      String(LIMIT - 1),
    );
    expect((await api(a, '/api/call-records', { headers: from(address) })).headers.get('x-ratelimit-remaining')).toBe(String(LIMIT - 1));
  });
});
