import { Webhook } from 'standardwebhooks';
import { newMessageId, newWebhookSecret, signWebhook } from './webhook-signer';

// The `standardwebhooks` library is the independent oracle: what it verifies, receivers verify.
describe('signWebhook (Standard Webhooks)', () => {
  const body = JSON.stringify({ type: 'recording.stored', timestamp: '2026-12-01T00:00:00.000Z', data: { id: 'r1', note: 'é ✓' } });

  it('makes headers the standardwebhooks library verifies', () => {
    const secret = newWebhookSecret();
    const headers = signWebhook(secret, newMessageId(), new Date(), body);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('gives the same signature as the library for the same id, time and body', () => {
    const secret = newWebhookSecret();
    const at = new Date('2026-12-01T12:34:56.789Z');
    const headers = signWebhook(secret, 'msg_fixed', at, body);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('msg_fixed', at, body));
  });

  it('matches the specification example', () => {
    // The example secret, id, time and body of the Standard Webhooks specification.
    const headers = signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      new Date(1614265330 * 1000),
      '{"test": 2432232314}',
    );
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('fails verification when the body, id or secret differ', () => {
    const secret = newWebhookSecret();
    const headers = signWebhook(secret, 'msg_a', new Date(), body);
    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_b' })).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, { ...headers })).toThrow();
  });

  it('makes whsec_ secrets of 32 random bytes and msg_ ids', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
    expect(newMessageId()).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
  });
});
