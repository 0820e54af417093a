import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomBytes, randomUUID } from 'node:crypto';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { postSignedForm } from '../../../test/twilio-signer';
import { QUEUE } from '../../services/queues/queues.constants';
import { WebhooksService } from './webhooks.service';

const PUBLIC = 'https://calls.example.com';
const PATH = '/api/webhooks/twilio/call-status';
const hex = (n: number) => randomBytes(n).toString('hex');

describe('webhook events that cannot be applied are parked, not retried forever', () => {
  let t: TestApp;
  let admin: TestUser;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: PUBLIC, WEBHOOK_MAX_ATTEMPTS: '3' });
    admin = await createUser(t, 'ADMIN');
    queue = t.app.get<Queue>(getQueueToken(QUEUE.webhooks));
  });
  afterAll(() => t.close());

  const eventOf = (callSid: string) => t.prisma.webhookEvent.findFirst({ where: { payload: { path: ['CallSid'], equals: callSid } } });
  const retry = (id: string) => api(t, `/api/webhooks/events/${id}/retry`, { method: 'POST', token: admin.token });

  it('parks an event after WEBHOOK_MAX_ATTEMPTS, never requeues it, and applies it when retried once the cause is gone', async () => {
    // A callback for a call no row of ours has (and no callRecordId in its URL): it cannot apply.
    const callSid = `CA${hex(16)}`;
    const params = {
      AccountSid: t.config.twilio.accountSid,
      CallSid: callSid,
      CallStatus: 'ringing',
      SequenceNumber: '1',
      From: '+15005550006',
      To: '+14155550100',
    };
    expect(await postSignedForm(t.url, PUBLIC, PATH, params, t.config.twilio.authToken)).toBe(204);

    const parked = await waitFor('the event to be parked', async () => {
      const row = await eventOf(callSid);
      return row?.parkedAt ? row : undefined;
    });
    expect(parked.attempts).toBe(3);
    expect(parked.processedAt).toBeNull();
    expect(parked.lastError).toContain(`No call record has the Twilio SID ${callSid}`);
    // Bull stopped too: the job ended instead of waiting for its next backoff.
    const job = await queue.getJob(`webhook:${parked.id}`);
    expect(await job?.getState()).toBe('completed');

    const pipeline = await api(t, '/api/recordings/pipeline', { token: admin.token });
    expect(pipeline.status).toBe(200);
    expect(pipeline.body.parkedWebhookEvents.count).toBeGreaterThanOrEqual(1);
    expect(pipeline.body.parkedWebhookEvents.items).toContainEqual({
      id: parked.id,
      kind: 'call-status',
      receivedAt: parked.receivedAt.toISOString(),
      parkedAt: parked.parkedAt?.toISOString(),
      attempts: 3,
      lastError: parked.lastError,
      callSid,
      recordingSid: null,
    });
    // Only the SIDs leave the payload: no phone numbers on the Pipeline page.
    expect(JSON.stringify(pipeline.body.parkedWebhookEvents)).not.toContain('+14155550100');

    // Long past the grace, the requeue beside reconciliation would put an unprocessed event back on the queue.
    await t.prisma.webhookEvent.update({ where: { id: parked.id }, data: { receivedAt: new Date(Date.now() - 3600_000) } });
    await t.app.get(WebhooksService).requeueLost();
    const after = await queue.getJob(`webhook:${parked.id}`);
    expect(after?.timestamp).toBe(job?.timestamp);
    expect(await t.prisma.webhookEvent.findUniqueOrThrow({ where: { id: parked.id } })).toMatchObject({ attempts: 3, processedAt: null });

    // The cause goes away (the call row learns its SID); an admin retries the event.
    const agent = await t.prisma.user.create({
      data: { email: `parked-${hex(4)}@test.example`, name: 'Parked', role: 'AGENT', passwordHash: 'x' },
    });
    const call = await t.prisma.callRecord.create({
      data: { agentId: agent.id, fromNumber: '+15005550006', toNumber: '+14155550100', twilioCallSid: callSid },
    });
    const retried = await retry(parked.id);
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ id: parked.id, enqueued: true });

    const applied = await waitFor('the retried event to apply', async () => {
      const row = await t.prisma.webhookEvent.findUniqueOrThrow({ where: { id: parked.id } });
      return row.processedAt ? row : undefined;
    });
    expect(applied.parkedAt).toBeNull();
    expect((await t.prisma.callRecord.findUniqueOrThrow({ where: { id: call.id } })).status).toBe('ringing');
    const audit = await t.prisma.auditEvent.findFirst({ where: { action: 'WEBHOOK_EVENT_RETRIED', actorId: admin.id } });
    expect(audit?.details).toMatchObject({ webhookEventId: parked.id, kind: 'call-status', callSid, attempts: 3 });

    const again = await retry(parked.id);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('already applied');
    const listed = await api(t, '/api/recordings/pipeline', { token: admin.token });
    expect(listed.body.parkedWebhookEvents.items.map((item: { id: string }) => item.id)).not.toContain(parked.id);
  });

  it('answers 404 for an unknown event, 400 for a malformed id and 409 for one that is not parked', async () => {
    const unknown = await retry(randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/Webhook event .* not found/);
    expect((await retry('not-a-uuid')).status).toBe(400);

    const waiting = await t.prisma.webhookEvent.create({
      data: { idempotencyKey: `test:${hex(8)}`, kind: 'call-status', payload: { CallSid: `CA${hex(16)}`, CallStatus: 'ringing' } },
    });
    try {
      const conflict = await retry(waiting.id);
      expect(conflict.status).toBe(409);
      expect(conflict.body.message).toContain('is not parked');
      expect(
        await t.prisma.auditEvent.count({
          where: { action: 'WEBHOOK_EVENT_RETRIED', details: { path: ['webhookEventId'], equals: waiting.id } },
        }),
      ).toBe(0);
    } finally {
      await t.prisma.webhookEvent.delete({ where: { id: waiting.id } });
    }
  });
});
