import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { WebhookReceiver } from '../../../test/webhook-receiver';
import { sendWebhook } from './webhook-sender';
import { newMessageId, newWebhookSecret, signWebhook } from './webhook-signer';

/**
 * With WEBHOOK_ALLOW_PRIVATE=false (the default), endpoints on private, loopback and
 * link-local addresses are refused when saved, and again at delivery on the address connected to.
 */
describe('outbound webhooks: private and loopback addresses', () => {
  let t: TestApp;
  let admin: TestUser;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    // API only: no worker here to take the other suite's jobs with a different configuration.
    t = await startTestApp({ APP_ROLE: 'api', WEBHOOK_ALLOW_PRIVATE: 'false' });
    admin = await createUser(t, 'ADMIN');
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it.each([
    'http://127.0.0.1/hook',
    'http://10.0.0.1/hook',
    'http://[::1]:8080/hook',
    'http://localhost/hook',
    'http://169.254.169.254/latest/meta-data/',
    'https://[::ffff:192.168.0.1]/hook',
    'http://100.64.1.1/hook',
  ])('refuses %s with a 400, creating nothing', async (url) => {
    const before = await t.prisma.webhookEndpoint.count();
    const response = await api(t, '/api/webhook-endpoints', {
      method: 'POST',
      token: admin.token,
      body: { url, events: ['call.completed'] },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/resolves to a private or loopback address \(set WEBHOOK_ALLOW_PRIVATE=true to allow\)$/);
    expect(await t.prisma.webhookEndpoint.count()).toBe(before);
  });

  it('refuses a host that does not resolve', async () => {
    const response = await api(t, '/api/webhook-endpoints', {
      method: 'POST',
      token: admin.token,
      body: { url: 'https://no-such-host.invalid/hook', events: ['call.completed'] },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/url host "no-such-host.invalid" could not be resolved/);
  });

  it('accepts a public address, and refuses a change of URL to a private one', async () => {
    const response = await api(t, '/api/webhook-endpoints', {
      method: 'POST',
      token: admin.token,
      body: { url: 'https://93.184.215.14/hook', events: ['call.completed'] },
    });
    expect(response.status).toBe(201);
    const id = response.body.id;
    try {
      const patched = await api(t, `/api/webhook-endpoints/${id}`, {
        method: 'PATCH',
        token: admin.token,
        body: { url: 'http://192.168.1.10/hook' },
      });
      expect(patched.status).toBe(400);
      expect((await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })).url).toBe('https://93.184.215.14/hook');
    } finally {
      expect((await api(t, `/api/webhook-endpoints/${id}`, { method: 'DELETE', token: admin.token })).status).toBe(204);
    }
  });

  it('checks the address actually connected to at delivery time, so a name that now resolves inward is refused', async () => {
    const port = new URL(receiver.url('/rebound')).port;
    receiver.use('/rebound', 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    for (const url of [
      `http://localhost:${port}/rebound`,
      `http://127.0.0.1:${port}/rebound`,
      `http://[::ffff:127.0.0.1]:${port}/rebound`,
    ]) {
      const result = await sendWebhook({ url, body: '{}', headers: {}, timeoutMs: 2000, allowPrivate: false });
      expect(result).toMatchObject({ statusCode: null, responseBody: null });
      expect(result.error).toMatch(/resolves to a private or loopback address/);
    }
    expect(receiver.received).toEqual([]);
    expect(receiver.rejected).toEqual([]);

    // Allowed, the same name goes through the same lookup to the receiver.
    const secret = newWebhookSecret();
    receiver.use('/rebound', secret);
    const body = JSON.stringify({ type: 'call.completed', timestamp: new Date().toISOString(), data: {} });
    const headers = { 'content-type': 'application/json', ...signWebhook(secret, newMessageId(), new Date(), body) };
    const allowed = await sendWebhook({ url: `http://localhost:${port}/rebound`, body, headers, timeoutMs: 2000, allowPrivate: true });
    expect(allowed).toMatchObject({ statusCode: 200, error: null, responseBody: 'answer 200' });
    expect(receiver.at('/rebound')).toHaveLength(1);
  });
});
