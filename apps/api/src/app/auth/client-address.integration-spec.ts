import { randomBytes } from 'node:crypto';
import { api, startTestApp, TestApp } from '../../../test/test-app';

/**
 * The audited IP (and every per-IP limit) is the socket's address unless TRUST_PROXY names the
 * proxy in front: otherwise anyone could choose their address with X-Forwarded-For.
 */
describe('client address (TRUST_PROXY)', () => {
  const forged = '198.51.100.77';

  async function auditedIpOfFailedSignIn(t: TestApp): Promise<string | null> {
    const email = `nobody-${randomBytes(4).toString('hex')}@test.example`;
    const response = await api(t, '/api/auth/login', {
      method: 'POST',
      body: { email, password: 'wrong-password' },
      headers: { 'x-forwarded-for': forged },
    });
    expect(response.status).toBe(401);
    const events = await t.prisma.auditEvent.findMany({ where: { action: 'LOGIN_FAILED' } });
    const event = events.find((e) => (e.details as { email?: string }).email === email);
    if (!event) throw new Error(`No LOGIN_FAILED event for ${email}`);
    return event.ip;
  }

  it('by default audits the socket address, whatever X-Forwarded-For says', async () => {
    const t = await startTestApp();
    try {
      expect(await auditedIpOfFailedSignIn(t)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await t.close();
    }
  });

  it('audits the forwarded address when the proxy in front is trusted (TRUST_PROXY=loopback)', async () => {
    const t = await startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      expect(await auditedIpOfFailedSignIn(t)).toBe(forged);
    } finally {
      await t.close();
    }
  });
});
