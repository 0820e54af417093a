import { randomBytes } from 'node:crypto';
import { emulator } from '../../../test/emulator-control';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { WebhookReceiver } from '../../../test/webhook-receiver';
import { CallStatusApplier } from '../webhooks/call-status.applier';

const ALL = ['call.completed', 'recording.stored', 'recording.failed', 'recording.deleted'];

/**
 * Each event type comes from the real pipeline: a call placed through the emulator, its
 * callbacks, the download, a deletion, a download that gives up, an erasure. A receiver
 * subscribed to a type gets it, verified with standardwebhooks; one that is not does not.
 */
describe('outbound events from the pipeline', () => {
  const receiver = new WebhookReceiver();
  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());
  afterEach(() => expect(receiver.rejected).toEqual([]));

  async function endpoint(t: TestApp, admin: TestUser, events: string[]) {
    const path = `/crm-${randomBytes(4).toString('hex')}`;
    const response = await api(t, '/api/webhook-endpoints', {
      method: 'POST',
      token: admin.token,
      body: { url: receiver.url(path), events },
    });
    expect(response.status).toBe(201);
    receiver.use(path, response.body.secret);
    return { id: response.body.id as string, path };
  }

  async function placeAndHangUp(t: TestApp, agent: TestUser, to: string, seconds: number) {
    const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to } });
    expect(placed.status).toBe(201);
    await waitFor(
      'answered',
      async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: placed.body.id } })).status === 'in_progress',
    );
    await emulator.hangup(placed.body.twilioCallSid, seconds);
    return placed.body as { id: string; twilioCallSid: string };
  }

  const received = (path: string, type: string, id: string) =>
    waitFor(`${type} of ${id} at ${path}`, async () => receiver.at(path, type).find((d) => d.payload.data['id'] === id));

  describe('a call that completes and is stored, then deleted', () => {
    let t: TestApp;
    let admin: TestUser;
    let agent: TestUser;

    beforeAll(async () => {
      t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_DELIVERY_DELAYS_MS: '50,50,50' });
      admin = await createUser(t, 'ADMIN');
      agent = await createUser(t, 'AGENT', 'Olga Outbound');
      await emulator.reset();
    });
    afterAll(async () => {
      for (const e of await t.prisma.webhookEndpoint.findMany({ where: { deletedAt: null } })) {
        await api(t, `/api/webhook-endpoints/${e.id}`, { method: 'DELETE', token: admin.token });
      }
      await t.close();
    });

    it('emits call.completed once, recording.stored and recording.deleted, each only to the endpoints subscribed to it', async () => {
      const all = await endpoint(t, admin, ALL);
      const callsOnly = await endpoint(t, admin, ['call.completed']);
      const failuresOnly = await endpoint(t, admin, ['recording.failed']);

      const call = await placeAndHangUp(t, agent, '+14155550911', 4);
      const completed = await received(all.path, 'call.completed', call.id);
      expect(completed.payload.data).toMatchObject({
        id: call.id,
        twilioCallSid: call.twilioCallSid,
        agent: { id: agent.id, name: 'Olga Outbound' },
        dataList: null,
        contact: null,
        toNumber: '+14155550911',
        status: 'completed',
        outcome: null,
        durationSeconds: 4,
      });
      expect(completed.payload.data['endedAt']).toEqual(expect.any(String));
      await received(callsOnly.path, 'call.completed', call.id);

      const recording = await waitFor('STORED', async () => {
        const row = await t.prisma.recording.findFirst({ where: { callRecordId: call.id } });
        return row?.status === 'STORED' && row;
      });
      const stored = await received(all.path, 'recording.stored', recording.id);
      expect(stored.payload.data).toMatchObject({
        id: recording.id,
        callRecordId: call.id,
        twilioCallSid: call.twilioCallSid,
        twilioRecordingSid: recording.twilioRecordingSid,
        status: 'STORED',
        durationSeconds: 4,
        sizeBytes: recording.sizeBytes,
        sha256: recording.sha256,
        mimeType: 'audio/wav',
      });
      // Nothing that opens the audio: no storage key, no URL, no token.
      expect(stored.body).not.toMatch(/storageKey|https?:|token/i);

      // A callback Twilio sends again (under a new idempotency key) changes nothing and emits nothing.
      const applier = t.app.get(CallStatusApplier);
      await applier.apply({ CallSid: call.twilioCallSid, CallStatus: 'completed', CallDuration: '4' }, new Date(), call.id);
      await applier.apply({ CallSid: call.twilioCallSid, CallStatus: 'completed', CallDuration: '4' }, new Date(), call.id);

      const deleted = await api(t, `/api/recordings/${recording.id}`, {
        method: 'DELETE',
        token: admin.token,
        body: { reason: 'Customer asked, ticket 77' },
      });
      expect(deleted.status).toBe(200);
      const gone = await received(all.path, 'recording.deleted', recording.id);
      expect(gone.payload.data).toMatchObject({
        id: recording.id,
        status: 'DELETED',
        deletionReason: 'Customer asked, ticket 77',
        sha256: recording.sha256,
      });
      expect(gone.payload.data['deletedAt']).toEqual(expect.any(String));

      const rows = await t.prisma.webhookDelivery.findMany({ where: { endpointId: { in: [all.id, callsOnly.id, failuresOnly.id] } } });
      const about = (type: string, endpointId: string) =>
        rows.filter(
          (r) =>
            r.eventType === type &&
            r.endpointId === endpointId &&
            (r.payload as { data: { id: string } }).data.id === (type === 'call.completed' ? call.id : recording.id),
        );
      expect(about('call.completed', all.id)).toHaveLength(1);
      expect(about('call.completed', callsOnly.id)).toHaveLength(1);
      expect(about('recording.stored', all.id)).toHaveLength(1);
      expect(about('recording.deleted', all.id)).toHaveLength(1);
      expect(rows.filter((r) => r.endpointId === callsOnly.id && r.eventType !== 'call.completed')).toEqual([]);
      expect(rows.filter((r) => r.endpointId === failuresOnly.id)).toEqual([]);
      expect(receiver.at(failuresOnly.path)).toEqual([]);
      expect(receiver.at(callsOnly.path).map((d) => d.payload.type)).toEqual(['call.completed']);
      await waitFor('every delivery SUCCEEDED', async () =>
        (await t.prisma.webhookDelivery.findMany({ where: { endpointId: all.id } })).every((r) => r.status === 'SUCCEEDED'),
      );
    });
  });

  describe('a download that gives up, then an erasure of the number', () => {
    let t: TestApp;
    let admin: TestUser;
    let agent: TestUser;

    beforeAll(async () => {
      // Its own app: the only worker must be one that gives up after two download attempts.
      t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true', DOWNLOAD_ATTEMPTS: '2', DOWNLOAD_BACKOFF_MS: '100' });
      admin = await createUser(t, 'ADMIN');
      agent = await createUser(t, 'AGENT');
      await emulator.reset();
    });
    afterAll(async () => {
      for (const e of await t.prisma.webhookEndpoint.findMany({ where: { deletedAt: null } })) {
        await api(t, `/api/webhook-endpoints/${e.id}`, { method: 'DELETE', token: admin.token });
      }
      await t.close();
    });

    it('emits recording.failed when the download is FAILED for good, and recording.deleted when erasure removes it', async () => {
      const failures = await endpoint(t, admin, ['recording.failed']);
      const deletions = await endpoint(t, admin, ['recording.deleted']);
      const phone = '+14155550912';
      await emulator.setNumberFaults(phone, { media500Count: 10 });
      const call = await placeAndHangUp(t, agent, phone, 2);
      const recording = await waitFor('FAILED', async () => {
        const row = await t.prisma.recording.findFirst({ where: { callRecordId: call.id } });
        return row?.status === 'FAILED' && row;
      });
      const failed = await received(failures.path, 'recording.failed', recording.id);
      expect(failed.payload.data).toMatchObject({
        id: recording.id,
        callRecordId: call.id,
        twilioRecordingSid: recording.twilioRecordingSid,
        status: 'FAILED',
        lastError: 'Twilio failed to serve the media (500)',
      });
      expect(receiver.at(deletions.path)).toEqual([]);

      const erased = await api(t, '/api/erasure', {
        method: 'POST',
        token: admin.token,
        body: { phone, reason: 'GDPR Art. 17, ticket 12' },
      });
      expect(erased.status).toBe(200);
      const gone = await received(deletions.path, 'recording.deleted', recording.id);
      expect(gone.payload.data).toMatchObject({
        id: recording.id,
        status: 'DELETED',
        deletionReason: 'Erasure request: GDPR Art. 17, ticket 12',
      });
      // The erased number appears nowhere in what was sent after the erasure.
      expect(gone.body).not.toContain(phone);
      expect(receiver.at(failures.path, 'recording.deleted')).toEqual([]);
    });
  });
});
