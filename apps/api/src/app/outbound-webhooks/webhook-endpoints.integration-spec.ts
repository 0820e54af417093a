import { randomBytes } from 'node:crypto';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { WebhookReceiver } from '../../../test/webhook-receiver';
import { OutboundEventsService } from './outbound-events.service';
import { WebhookDeliveryService } from './webhook-delivery.service';

/**
 * Endpoints, signing and delivery against a real receiver (design 9.10). Private addresses are
 * allowed here (the receiver is on 127.0.0.1) and retries come 50 ms apart; the refusal of
 * private addresses is in webhook-destinations.integration-spec.ts.
 */
describe('outbound webhooks: endpoints and delivery', () => {
  let t: TestApp;
  let admin: TestUser;
  let supervisor: TestUser;
  const receiver = new WebhookReceiver();
  const created: string[] = [];

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_DELIVERY_DELAYS_MS: '50,50,50', WEBHOOK_DELIVERY_TIMEOUT_MS: '1500' });
    admin = await createUser(t, 'ADMIN');
    supervisor = await createUser(t, 'SUPERVISOR');
  });
  afterAll(async () => {
    // Deleted, so no later suite's events are sent to a receiver that is gone.
    for (const id of created) await api(t, `/api/webhook-endpoints/${id}`, { method: 'DELETE', token: admin.token });
    await t.close();
    await receiver.stop();
  });
  afterEach(() => expect(receiver.rejected).toEqual([]));

  async function endpoint(events: string[], answers: Parameters<WebhookReceiver['url']>[1] = []) {
    const path = `/hook-${randomBytes(4).toString('hex')}`;
    const response = await api(t, '/api/webhook-endpoints', {
      method: 'POST',
      token: admin.token,
      body: { url: receiver.url(path, answers), events, description: `test ${path}` },
    });
    expect(response.status).toBe(201);
    receiver.use(path, response.body.secret);
    created.push(response.body.id);
    return { id: response.body.id as string, secret: response.body.secret as string, path };
  }

  /** A recording.failed event about a recording made for the purpose, emitted as the downloader does. */
  async function emitFailedRecording(dispatch = true): Promise<{ recordingId: string; deliveryIds: string[] }> {
    const call = await t.prisma.callRecord.create({
      data: { agentId: admin.id, fromNumber: '+15005550006', toNumber: '+14155550777', status: 'completed' },
    });
    const recording = await t.prisma.recording.create({
      data: {
        callRecordId: call.id,
        twilioRecordingSid: `RE${randomBytes(16).toString('hex')}`,
        status: 'FAILED',
        lastError: 'test failure',
      },
    });
    const outbound = t.app.get(OutboundEventsService);
    const pending = await t.prisma.$transaction((tx) => outbound.recordRecordings(tx, 'recording.failed', [recording.id]));
    if (dispatch) await outbound.dispatch(pending);
    return { recordingId: recording.id, deliveryIds: pending.ids };
  }

  async function deliveriesOf(endpointId: string) {
    const page = await api(t, `/api/webhook-endpoints/${endpointId}/deliveries?page=1&pageSize=50`, { token: admin.token });
    expect(page.status).toBe(200);
    return page.body as { items: any[]; total: number; page: number; pageSize: number };
  }

  async function settled(endpointId: string, status: 'SUCCEEDED' | 'FAILED') {
    return waitFor(`a ${status} delivery`, async () => {
      const page = await deliveriesOf(endpointId);
      return page.items.length > 0 && page.items.every((d) => d.status === status) && page;
    });
  }

  it('creates an endpoint with a whsec_ secret that no list, update or audit event shows again', async () => {
    const { id, secret } = await endpoint(['recording.stored', 'call.completed']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await api(t, '/api/webhook-endpoints', { token: admin.token });
    expect(list.status).toBe(200);
    const mine = list.body.find((e: { id: string }) => e.id === id);
    expect(mine).toMatchObject({
      events: ['recording.stored', 'call.completed'],
      active: true,
      description: expect.stringMatching(/^test /),
    });
    expect(Object.keys(mine).sort()).toEqual(['active', 'createdAt', 'description', 'events', 'id', 'updatedAt', 'url']);
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(6));

    const patched = await api(t, `/api/webhook-endpoints/${id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { events: ['recording.deleted'], active: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, events: ['recording.deleted'], active: false });
    expect(JSON.stringify(patched.body)).not.toContain(secret.slice(6));

    const audit = await t.prisma.auditEvent.findMany({
      where: { action: { in: ['WEBHOOK_ENDPOINT_CREATED', 'WEBHOOK_ENDPOINT_UPDATED'] } },
    });
    const ours = audit.filter((e) => (e.details as { endpointId?: string }).endpointId === id);
    expect(ours.map((e) => e.action).sort()).toEqual(['WEBHOOK_ENDPOINT_CREATED', 'WEBHOOK_ENDPOINT_UPDATED']);
    expect(ours.every((e) => e.actorId === admin.id)).toBe(true);
    expect(JSON.stringify(audit.map((e) => e.details))).not.toContain(secret.slice(6));
    expect(JSON.stringify(audit.map((e) => e.details))).not.toContain('whsec_');

    expect((await api(t, '/api/webhook-endpoints', { token: supervisor.token })).status).toBe(403);
    const denied = await api(t, '/api/webhook-endpoints', {
      method: 'POST',
      token: supervisor.token,
      body: { url: 'https://a.example', events: ['call.completed'] },
    });
    expect(denied.status).toBe(403);
  });

  it.each([
    [{ url: 'not a url', events: ['call.completed'] }, /url "not a url" is not a valid http\(s\) URL/],
    [{ url: 'ftp://files.example.com/in', events: ['call.completed'] }, /is not a valid http\(s\) URL/],
    [{ url: 'https://user:pw@crm.example.com/hook', events: ['call.completed'] }, /is not a valid http\(s\) URL/],
    [{ url: 'https://crm.example.com/hook', events: ['call.started'] }, /"call.started" is not an event type/],
    [{ url: 'https://crm.example.com/hook', events: ['recording.stored', 'recording.played'] }, /"recording.played" is not an event type/],
    [{ url: 'https://crm.example.com/hook', events: [] }, /events must be a non-empty list/],
    [{ url: 'https://crm.example.com/hook' }, /events must be a non-empty list/],
    [{ events: ['call.completed'] }, /url must/],
  ])('refuses %j with a 400 naming the problem, creating nothing', async (body, message) => {
    const before = await t.prisma.webhookEndpoint.count();
    const response = await api(t, '/api/webhook-endpoints', { method: 'POST', token: admin.token, body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(response.body.message).toMatch(message);
    expect(await t.prisma.webhookEndpoint.count()).toBe(before);
  });

  it('signs every delivery so that standardwebhooks verifies it, and retries until the receiver takes it (500, 500, 200)', async () => {
    const hook = await endpoint(['recording.failed'], [{ status: 500, body: 'x'.repeat(3000) }, 500]);
    const { recordingId } = await emitFailedRecording();
    const page = await settled(hook.id, 'SUCCEEDED');
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    const [delivery] = page.items;
    expect(delivery).toMatchObject({ eventType: 'recording.failed', status: 'SUCCEEDED', attempts: 3, nextAttemptAt: null });
    expect(delivery.messageId).toMatch(/^msg_/);
    expect(delivery.deliveredAt).not.toBeNull();
    expect(delivery.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    expect(delivery.attemptLog[0].error).toBe('The receiver answered 500');
    expect(delivery.attemptLog[0].responseBody).toHaveLength(1024);
    expect(delivery.attemptLog[2]).toMatchObject({ error: null, responseBody: 'answer 200' });

    const got = receiver.at(hook.path);
    expect(got).toHaveLength(3);
    // One message: the same id and body on every attempt, each attempt signed afresh.
    expect(new Set(got.map((d) => d.headers['webhook-id']))).toEqual(new Set([delivery.messageId]));
    expect(new Set(got.map((d) => d.body)).size).toBe(1);
    expect(got[0].headers['content-type']).toBe('application/json');
    expect(got[0].headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(got[0].payload).toMatchObject({
      type: 'recording.failed',
      data: { id: recordingId, status: 'FAILED', lastError: 'test failure' },
    });
    expect(new Date(got[0].payload.timestamp).toISOString()).toBe(got[0].payload.timestamp);
    expect(delivery.payload).toEqual(got[0].payload);
  });

  it('marks a delivery FAILED once the delays are used up, and an ADMIN retry sends it again', async () => {
    const hook = await endpoint(['recording.failed'], [500, 503, 404, 500]);
    await emitFailedRecording();
    const failed = await settled(hook.id, 'FAILED');
    const [delivery] = failed.items;
    // The first attempt and one per delay (WEBHOOK_DELIVERY_DELAYS_MS=50,50,50).
    expect(delivery.attempts).toBe(4);
    expect(delivery.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 503, 404, 500]);
    expect(receiver.at(hook.path)).toHaveLength(4);

    const path = `/api/webhook-endpoints/${hook.id}/deliveries/${delivery.id}/retry`;
    expect((await api(t, path, { method: 'POST', token: supervisor.token })).status).toBe(403);
    const unknown = await api(t, `/api/webhook-endpoints/${hook.id}/deliveries/00000000-0000-4000-8000-000000000000/retry`, {
      method: 'POST',
      token: admin.token,
    });
    expect(unknown.status).toBe(404);
    const retried = await api(t, path, { method: 'POST', token: admin.token });
    expect(retried.status).toBe(202);
    const succeeded = await settled(hook.id, 'SUCCEEDED');
    expect(succeeded.items[0]).toMatchObject({ attempts: 5, messageId: delivery.messageId });
    expect(succeeded.items[0].attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 503, 404, 500, 200]);
    expect(receiver.at(hook.path)).toHaveLength(5);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'WEBHOOK_DELIVERY_RETRIED' }, orderBy: { seq: 'desc' } });
    expect(audit).toMatchObject({ actorId: admin.id, details: { endpointId: hook.id, deliveryId: delivery.id, previousStatus: 'FAILED' } });
  });

  it('counts a timeout and a redirect (not followed) as failed attempts', async () => {
    const hook = await endpoint(['recording.failed'], ['hang', { status: 302, headers: { location: '/elsewhere' } }]);
    await emitFailedRecording();
    const page = await settled(hook.id, 'SUCCEEDED');
    const log = page.items[0].attemptLog;
    expect(log.map((a: { statusCode: number | null }) => a.statusCode)).toEqual([null, 302, 200]);
    expect(log[0].error).toMatch(/No answer within 1500 ms/);
    expect(log[1].error).toBe('The receiver answered 302');
    expect(receiver.rejected.filter((r) => r.path === '/elsewhere')).toEqual([]);
  });

  it('sends one attempt once however many workers hold its job', async () => {
    const hook = await endpoint(['recording.failed']);
    const { deliveryIds } = await emitFailedRecording(false);
    const delivery = await t.prisma.webhookDelivery.findFirstOrThrow({ where: { id: { in: deliveryIds }, endpointId: hook.id } });
    const service = t.app.get(WebhookDeliveryService);
    const outcomes = await Promise.all([service.attempt(delivery.id, 0), service.attempt(delivery.id, 0), service.attempt(delivery.id, 0)]);
    expect(outcomes.sort()).toEqual(['skipped', 'skipped', 'succeeded']);
    expect(receiver.at(hook.path)).toHaveLength(1);
  });

  it('requeues a delivery whose job was lost once it is overdue', async () => {
    const hook = await endpoint(['recording.failed']);
    const { deliveryIds } = await emitFailedRecording(false);
    const id = (await t.prisma.webhookDelivery.findFirstOrThrow({ where: { id: { in: deliveryIds }, endpointId: hook.id } })).id;
    // As if the process died between the commit and the enqueue, a few minutes ago.
    await t.prisma.webhookDelivery.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 5 * 60_000) } });
    expect(await t.app.get(WebhookDeliveryService).requeueOverdue()).toBeGreaterThanOrEqual(1);
    await settled(hook.id, 'SUCCEEDED');
    expect(receiver.at(hook.path)).toHaveLength(1);
  });

  it('logs an attempt whose worker died as interrupted, sends it again once overdue, and refuses a manual retry while one is in flight', async () => {
    const hook = await endpoint(['recording.failed']);
    const { deliveryIds } = await emitFailedRecording(false);
    const id = (await t.prisma.webhookDelivery.findFirstOrThrow({ where: { id: { in: deliveryIds }, endpointId: hook.id } })).id;
    // Claimed by a worker that is still sending (its lease runs): a manual retry would overlap it.
    await t.prisma.webhookDelivery.update({
      where: { id },
      data: { attempts: 1, lastAttemptAt: new Date(), nextAttemptAt: new Date(Date.now() + 60_000) },
    });
    const overlapping = await api(t, `/api/webhook-endpoints/${hook.id}/deliveries/${id}/retry`, { method: 'POST', token: admin.token });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.message).toMatch(/is being sent right now/);
    // The worker died: its lease ran out minutes ago.
    await t.prisma.webhookDelivery.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 5 * 60_000) } });
    expect(await t.app.get(WebhookDeliveryService).requeueOverdue()).toBeGreaterThanOrEqual(1);
    const page = await settled(hook.id, 'SUCCEEDED');
    expect(page.items[0].attempts).toBe(2);
    expect(page.items[0].attemptLog.map((a: { statusCode: number | null; error: string | null }) => [a.statusCode, a.error])).toEqual([
      [null, 'Interrupted: the worker stopped before this attempt had a result'],
      [200, null],
    ]);
    expect(receiver.at(hook.path)).toHaveLength(1);
  });

  it('sends nothing to an inactive or deleted endpoint', async () => {
    const paused = await endpoint(['recording.failed']);
    const deleted = await endpoint(['recording.failed']);
    expect(
      (await api(t, `/api/webhook-endpoints/${paused.id}`, { method: 'PATCH', token: admin.token, body: { active: false } })).status,
    ).toBe(200);
    expect((await api(t, `/api/webhook-endpoints/${deleted.id}`, { method: 'DELETE', token: admin.token })).status).toBe(204);
    const { deliveryIds } = await emitFailedRecording();
    const rows = await t.prisma.webhookDelivery.findMany({ where: { id: { in: deliveryIds } } });
    expect(rows.filter((r) => r.endpointId === paused.id || r.endpointId === deleted.id)).toEqual([]);
    expect((await api(t, `/api/webhook-endpoints/${deleted.id}/deliveries`, { token: admin.token })).status).toBe(404);
    const list = await api(t, '/api/webhook-endpoints', { token: admin.token });
    expect(list.body.map((e: { id: string }) => e.id)).not.toContain(deleted.id);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'WEBHOOK_ENDPOINT_DELETED' }, orderBy: { seq: 'desc' } });
    expect(audit.details).toMatchObject({ endpointId: deleted.id });
    expect(receiver.at(paused.path)).toEqual([]);
    expect(receiver.at(deleted.path)).toEqual([]);
  });

  it('ends the pending deliveries of an endpoint deleted while they wait', async () => {
    const hook = await endpoint(['recording.failed']);
    const { deliveryIds } = await emitFailedRecording(false);
    expect((await api(t, `/api/webhook-endpoints/${hook.id}`, { method: 'DELETE', token: admin.token })).status).toBe(204);
    const row = await t.prisma.webhookDelivery.findFirstOrThrow({
      where: { id: { in: deliveryIds }, endpointId: hook.id },
      include: { attemptLog: true },
    });
    expect(row.status).toBe('FAILED');
    expect(row.attemptLog.map((a) => a.error)).toEqual(['Not sent: the endpoint was deleted']);
    // A job that still comes for it finds nothing to send.
    expect(await t.app.get(WebhookDeliveryService).attempt(row.id, 0)).toBe('skipped');
    expect(receiver.at(hook.path)).toEqual([]);
  });
});
