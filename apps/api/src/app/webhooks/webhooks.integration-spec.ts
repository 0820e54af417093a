import { randomBytes } from 'node:crypto';
import { startTestApp, TestApp, waitFor } from '../../../test/test-app';
import { postSignedForm, signTwilio } from '../../../test/twilio-signer';
import { WebhookEventWriter } from './webhook-event.writer';

const PATH = '/api/webhooks/twilio/call-status';
const hex = (n: number) => randomBytes(n).toString('hex');

describe('Twilio webhooks: signatures and idempotency', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    // A public URL that differs from the address we listen on, as behind a reverse proxy.
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://calls.example.com' });
    token = t.config.twilio.authToken;
  });
  afterAll(() => t.close());

  function callStatusParams(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      AccountSid: t.config.twilio.accountSid,
      CallSid: `CA${hex(16)}`,
      CallStatus: 'ringing',
      SequenceNumber: '1',
      From: '+15005550006',
      To: '+14155550100',
      ...overrides,
    };
  }

  async function post(params: Record<string, string>, headers: Record<string, string>): Promise<number> {
    const response = await fetch(`${t.url}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(params).toString(),
    });
    return response.status;
  }

  const stored = (callSid: string) => t.prisma.webhookEvent.count({ where: { payload: { path: ['CallSid'], equals: callSid } } });

  it('accepts a delivery signed over PUBLIC_BASE_URL, whatever Host the proxy forwarded', async () => {
    const params = callStatusParams();
    const status = await post(params, {
      'x-twilio-signature': signTwilio(token, `https://calls.example.com${PATH}`, params),
      'x-forwarded-host': 'internal.lan',
    });
    expect(status).toBe(204);
    expect(await stored(params.CallSid)).toBe(1);
  });

  it('rejects a missing, forged or Host-based signature with 403 and stores nothing', async () => {
    const params = callStatusParams();
    expect(await post(params, {})).toBe(403);
    expect(await post(params, { 'x-twilio-signature': signTwilio('not-our-token', `https://calls.example.com${PATH}`, params) })).toBe(403);
    // Signed for the address we listen on (what a Host-header check would accept).
    expect(await post(params, { 'x-twilio-signature': signTwilio(token, `${t.url}${PATH}`, params) })).toBe(403);
    // A valid signature replayed with one parameter changed.
    const signature = signTwilio(token, `https://calls.example.com${PATH}`, params);
    expect(await post({ ...params, CallStatus: 'completed' }, { 'x-twilio-signature': signature })).toBe(403);
    expect(await stored(params.CallSid)).toBe(0);
  });

  it('stores a duplicate delivery once and answers both with 204', async () => {
    const params = callStatusParams();
    const statuses = await Promise.all([1, 2, 3].map(() => postSignedForm(t.url, 'https://calls.example.com', PATH, params, token)));
    expect(statuses).toEqual([204, 204, 204]);
    expect(await stored(params.CallSid)).toBe(1);
  });

  it('group-commits concurrent deliveries: one fresh row per key, duplicates in the same batch included', async () => {
    const writer = t.app.get(WebhookEventWriter);
    const repeated = `test:${hex(8)}`;
    const before = `test:${hex(8)}`;
    await writer.store(before, 'call-status', { CallSid: before });
    const keys = [repeated, before, ...Array.from({ length: 30 }, () => `test:${hex(8)}`), repeated, repeated];
    const results = await Promise.all(keys.map((key) => writer.store(key, 'call-status', { CallSid: key })));

    const ofRepeated = results.filter((_, i) => keys[i] === repeated);
    expect(ofRepeated.filter((r) => r.fresh)).toHaveLength(1);
    expect(new Set(ofRepeated.map((r) => r.id)).size).toBe(1);
    expect(results[keys.indexOf(before)].fresh).toBe(false);
    expect(results.filter((r) => r.fresh)).toHaveLength(31);
    const rows = await t.prisma.webhookEvent.findMany({
      where: { idempotencyKey: { in: keys } },
      select: { id: true, idempotencyKey: true },
    });
    expect(rows).toHaveLength(32);
    const idOf = new Map(rows.map((row) => [row.idempotencyKey, row.id]));
    results.forEach((result, i) => expect(result.id).toBe(idOf.get(keys[i])));
  });

  it('answers 400 to a correctly signed callback that lacks what it must carry', async () => {
    const params = callStatusParams();
    delete (params as Partial<typeof params>).CallStatus;
    expect(await postSignedForm(t.url, 'https://calls.example.com', PATH, params, token)).toBe(400);
    expect(
      await postSignedForm(t.url, 'https://calls.example.com', PATH, { ...params, CallStatus: 'ringing', CallSid: '../../etc' }, token),
    ).toBe(400);
    expect(await stored(params.CallSid)).toBe(0);
  });

  it('retries a callback that arrives before its call row has the SID, then applies it', async () => {
    const agent = await t.prisma.user.create({
      data: { email: `early-${hex(4)}@test.example`, name: 'Early', role: 'AGENT', passwordHash: 'x' },
    });
    const call = await t.prisma.callRecord.create({ data: { agentId: agent.id, fromNumber: '+15005550006', toNumber: '+14155550100' } });
    const params = callStatusParams({ CallStatus: 'in-progress', SequenceNumber: '2' });
    expect(await postSignedForm(t.url, 'https://calls.example.com', PATH, params, token)).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await t.prisma.callRecord.update({ where: { id: call.id }, data: { twilioCallSid: params.CallSid } });
    const row = await waitFor('the early callback to apply', async () => {
      const current = await t.prisma.callRecord.findUniqueOrThrow({ where: { id: call.id } });
      return current.status === 'in_progress' && current;
    });
    expect(row.lastSequenceNumber).toBe(2);
    expect(row.answeredAt).not.toBeNull();
  });

  it('never lets a late ringing overwrite a terminal status', async () => {
    const agent = await t.prisma.user.create({
      data: { email: `late-${hex(4)}@test.example`, name: 'Late', role: 'AGENT', passwordHash: 'x' },
    });
    const sid = `CA${hex(16)}`;
    const call = await t.prisma.callRecord.create({
      data: { agentId: agent.id, fromNumber: '+15005550006', toNumber: '+14155550100', twilioCallSid: sid },
    });
    const send = (p: Record<string, string>) =>
      postSignedForm(t.url, 'https://calls.example.com', PATH, callStatusParams({ CallSid: sid, ...p }), token);
    await send({ CallStatus: 'completed', SequenceNumber: '3', CallDuration: '31', Timestamp: 'Tue, 24 Nov 2026 10:00:31 +0000' });
    await waitFor(
      'completed',
      async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: call.id } })).status === 'completed',
    );
    await send({ CallStatus: 'ringing', SequenceNumber: '1' });
    await send({ CallStatus: 'in-progress', SequenceNumber: '2', Timestamp: 'Tue, 24 Nov 2026 10:00:00 +0000' });
    await waitFor(
      'all three applied',
      async () =>
        (await t.prisma.webhookEvent.count({ where: { payload: { path: ['CallSid'], equals: sid }, processedAt: { not: null } } })) === 3,
    );
    const row = await t.prisma.callRecord.findUniqueOrThrow({ where: { id: call.id } });
    expect(row.status).toBe('completed');
    expect(row.durationSeconds).toBe(31);
    expect(row.endedAt?.toISOString()).toBe('2026-11-24T10:00:31.000Z');
    expect(row.answeredAt?.toISOString()).toBe('2026-11-24T10:00:00.000Z');
  });
});
