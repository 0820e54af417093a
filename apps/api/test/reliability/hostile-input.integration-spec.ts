import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { RouteAccessChecker } from '../../src/app/auth/guards/route-access.checker';
import { api, createUser, startTestApp, TestApp, TestUser } from '../test-app';
import { signTwilio } from '../twilio-signer';

/** Everything a client controls, thrown at the API: each gets a clear 4xx and changes nothing. */
describe('hostile input', () => {
  let t: TestApp;
  let admin: TestUser;
  let tried = 0;

  beforeAll(async () => {
    t = await startTestApp({ APP_ROLE: 'api' });
    admin = await createUser(t, 'ADMIN');
  });
  afterAll(async () => {
    await t.close();
    process.stdout.write(`hostile inputs tried: ${tried}\n`);
  });

  async function rowCounts() {
    const [users, calls, recordings, policies, holds, webhooks] = await Promise.all([
      t.prisma.user.count(),
      t.prisma.callRecord.count(),
      t.prisma.recording.count({ where: { status: { not: 'STORED' } } }),
      t.prisma.retentionPolicy.count(),
      t.prisma.legalHold.count(),
      t.prisma.webhookEvent.count(),
    ]);
    return { users, calls, recordings, policies, holds, webhooks };
  }

  it('answers random JSON bodies on every write route with a 4xx and no change', async () => {
    // Routes that only start work (a reconciliation, a sweep, a checkpoint) or act on the caller's
    // own session or account (sign-out, which would end the token this test uses; an event
    // ticket; a second factor's setup, pending and inert until a code enables it) take no body to
    // reject.
    const bodiless = ['/reconcile', '/run', '/checkpoint', '/auth/logout', '/events/ticket', '/auth/2fa/setup'];
    const writes = t.app
      .get(RouteAccessChecker)
      .routes()
      .filter(
        (r) =>
          ['POST', 'PATCH', 'DELETE'].includes(r.method) && r.access?.kind === 'roles' && !bodiless.some((end) => r.path.endsWith(end)),
      );
    const before = await rowCounts();
    const statuses: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), fc.anything({ maxDepth: 3 }), async (route, body) => {
        tried += 1;
        const path = `/api${route.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')}`;
        const response = await api(t, path, {
          method: route.method,
          token: admin.token,
          body: JSON.stringify(body) ?? 'null',
          headers: { 'content-type': 'application/json' },
        });
        if (response.status < 400 || response.status >= 500)
          statuses.push(`${route.method} ${route.path} ${JSON.stringify(body)} → ${response.status}`);
        expect(typeof response.body?.message).toBe('string');
      }),
      { numRuns: 400 },
    );
    expect(statuses).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  }, 120_000);

  it('rejects path tricks, oversized and malformed bodies, and SQL-ish filters with 4xx', async () => {
    const probes: [string, { method?: string; body?: string; headers?: Record<string, string> }][] = [
      ['/api/recordings/..%2F..%2F..%2Fetc%2Fpasswd/stream', {}],
      ['/api/recordings/%2e%2e%2f%2e%2e%2fetc%2fpasswd/download', {}],
      ['/api/recordings/00000000-0000-4000-8000-000000000000%00/metadata', {}],
      ['/api/call-records?phone=1%27%20OR%20%271%27%3D%271', {}],
      ['/api/call-records?sort=password', {}],
      ['/api/call-records?agentId=1;DROP%20TABLE%20%22User%22', {}],
      ['/api/call-records?pageSize=100000', {}],
      ['/api/audit-events?action=%27;DELETE', {}],
      ['/api/users', { method: 'POST', body: 'x'.repeat(10 * 1024 * 1024), headers: { 'content-type': 'application/json' } }],
      ['/api/users', { method: 'POST', body: '{"email": "\udc00"', headers: { 'content-type': 'application/json' } }],
      [
        '/api/users',
        {
          method: 'POST',
          body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1'),
          headers: { 'content-type': 'application/json; charset=utf-8' },
        },
      ],
      ['/api/users', { method: 'POST', body: '{"__proto__": {"role": "ADMIN"}}', headers: { 'content-type': 'application/json' } }],
    ];
    const before = await rowCounts();
    for (const [path, init] of probes) {
      tried += 1;
      const response = await api(t, path, { token: admin.token, ...init });
      expect([path, response.status >= 400 && response.status < 500]).toEqual([path, true]);
      expect(typeof response.body?.message).toBe('string');
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('rejects tampered and expired access tokens and media tokens', async () => {
    const [header, payload, signature] = admin.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN', sub: randomBytes(16).toString('hex') })).toString('base64url');
    const expired = Buffer.from(JSON.stringify({ ...claims, exp: 1 })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    for (const token of [`${header}.${elevated}.${signature}`, `${header}.${expired}.${signature}`, `${none}.${payload}.`, 'a.b.c', '']) {
      tried += 1;
      expect((await api(t, '/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    }
    // An access token is not a media token, and vice versa.
    tried += 2;
    expect((await api(t, `/api/recordings/00000000-0000-4000-8000-000000000000/stream?token=${admin.token}`)).status).toBe(401);
  });

  it('rejects forged and altered webhook signatures, and treats a replay as the duplicate it is', async () => {
    const path = '/api/webhooks/twilio/recording-status';
    const params = {
      AccountSid: t.config.twilio.accountSid,
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      RecordingSid: `RE${randomBytes(16).toString('hex')}`,
      RecordingStatus: 'absent',
      ErrorCode: '16101',
    };
    const signature = signTwilio(t.config.twilio.authToken, `${t.config.publicBaseUrl}${path}`, params);
    const send = (body: Record<string, string>, sig: string) =>
      fetch(`${t.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
        body: new URLSearchParams(body).toString(),
      }).then((r) => r.status);
    const before = await t.prisma.webhookEvent.count();
    expect(await send(params, signature)).toBe(204);
    expect(await send(params, signature)).toBe(204);
    expect(await send({ ...params, RecordingStatus: 'completed' }, signature)).toBe(403);
    expect(
      await send(
        params,
        signature.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      ),
    ).toBe(403);
    expect(await send(params, '')).toBe(403);
    tried += 5;
    expect(await t.prisma.webhookEvent.count()).toBe(before + 1);
  });
});
