import { ErasureReceipt } from '@callrec/contracts';
import { emulator } from '../../../test/emulator-control';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { ReconciliationService } from './reconcile/reconciliation.service';
import { storedExists } from '../../../test/stored-objects';

const PHONE = '+14155550701';

/**
 * "Forget me" reaches everything: stored audio here and at Twilio, recordings not stored yet,
 * recordings that arrive after the request, and the number itself in calls, contacts and the
 * stored callbacks; a legal hold still keeps what it covers.
 */
describe('erasure of a number', () => {
  let t: TestApp;
  let agent: TestUser;
  let compliance: TestUser;

  beforeAll(async () => {
    // DELETE_AT_SOURCE off (the default): Twilio's copies stay after a download, so erasure must remove them.
    t = await startTestApp({ DOWNLOAD_BACKOFF_MS: '200', DOWNLOAD_BACKOFF_MAX_MS: '500' });
    agent = await createUser(t, 'AGENT');
    compliance = await createUser(t, 'COMPLIANCE');
    await emulator.reset();
  });
  afterAll(() => t.close());

  const call = (id: string) => t.prisma.callRecord.findUniqueOrThrow({ where: { id }, include: { recordings: true } });

  async function place(body: Record<string, unknown> = {}): Promise<{ id: string; sid: string }> {
    const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to: PHONE, ...body } });
    expect(placed.status).toBe(201);
    await waitFor('answered', async () => (await call(placed.body.id)).status === 'in_progress');
    return { id: placed.body.id, sid: placed.body.twilioCallSid };
  }

  async function recorded(seconds: number, body: Record<string, unknown> = {}) {
    const placed = await place(body);
    await emulator.hangup(placed.sid, seconds);
    return waitFor('the recording to be stored', async () => {
      const row = await call(placed.id);
      return row.recordings[0]?.status === 'STORED' && row;
    });
  }

  it('deletes here and at Twilio, erases what is not stored yet and what arrives later, pseudonymises the number, and a hold keeps its own', async () => {
    const contact = await t.prisma.contact.create({ data: { phone: PHONE, name: 'Jane Doe' } });
    const stored = await recorded(3, { contactId: contact.id });
    const held = await recorded(3);
    const hold = await api(t, '/api/legal-holds', {
      method: 'POST',
      token: compliance.token,
      body: { name: 'Case 9', reason: 'Counsel asked', criteria: { recordingIds: [held.recordings[0].id] } },
    });
    expect(hold.status).toBe(201);
    // Twilio serves no media for this one yet: its download keeps failing and retrying.
    const pending = await place();
    await emulator.setCallFaults(pending.sid, { media404Seconds: 3600 });
    await emulator.hangup(pending.sid, 3);
    const pendingRecording = await waitFor('a download attempt to fail', async () => {
      const row = (await call(pending.id)).recordings[0];
      return row?.attempts !== undefined && row.attempts >= 1 && (row.status === 'PENDING' || row.status === 'DOWNLOADING') && row;
    });
    // Still talking when the request comes: Twilio is still recording it.
    const live = await place();
    const liveRecording = await waitFor('the live recording to start', async () => (await call(live.id)).recordings[0]);

    const response = await api(t, '/api/erasure', { method: 'POST', token: compliance.token, body: { phone: PHONE, reason: 'GDPR Art. 17, ticket 4711' } });
    expect(response.status).toBe(200);
    const receipt = response.body as ErasureReceipt;
    const storedRecording = stored.recordings[0];
    expect(receipt.deleted.map((d) => d.recordingId)).toEqual([storedRecording.id]);
    expect(receipt.erasedBeforeStored.map((e) => e.recordingId).sort()).toEqual([pendingRecording.id, liveRecording.id].sort());
    expect(receipt.kept).toEqual([expect.objectContaining({ recordingId: held.recordings[0].id, reason: "under legal hold 'Case 9'" })]);
    expect(receipt.atTwilio.map((a) => [a.twilioRecordingSid, a.result]).sort()).toEqual(
      [
        [storedRecording.twilioRecordingSid, 'deleted'],
        [pendingRecording.twilioRecordingSid, 'deleted'],
        [liveRecording.twilioRecordingSid, 'when-completed'],
      ].sort(),
    );
    expect(receipt.pseudonym).toMatch(/^erased:[A-Za-z0-9_-]{22}$/);

    // Stored audio gone here and at Twilio; the held recording untouched in both places.
    expect(await storedExists(t, storedRecording.storageKey!)).toBe(false);
    expect(await emulator.recording(storedRecording.twilioRecordingSid)).toBeNull();
    expect(await emulator.recording(pendingRecording.twilioRecordingSid)).toBeNull();
    expect(await emulator.recording(held.recordings[0].twilioRecordingSid)).not.toBeNull();
    expect((await call(held.id)).recordings[0].status).toBe('STORED');

    // The call still going on when the request came: its recording is never stored, and
    // Twilio's copy goes once Twilio has finished it.
    await emulator.hangup(live.sid, 3);
    const arrived = await waitFor('the live call recording to be deleted at Twilio', async () => {
      const row = (await call(live.id)).recordings[0];
      return row?.status === 'DELETED' && row.deletedAtSource !== null && row;
    });
    expect(arrived).toMatchObject({ deletedBy: `erasure:${compliance.email}`, storageKey: null, sha256: null });
    expect(await emulator.recording(arrived.twilioRecordingSid)).toBeNull();

    // The pending one stays erased even once Twilio serves its media and reconciliation looks again.
    await emulator.setCallFaults(pending.sid, {});
    await t.app.get(ReconciliationService).run();
    expect((await call(pending.id)).recordings[0]).toMatchObject({ status: 'DELETED', storageKey: null });

    // The number is gone from calls, contacts and stored callbacks, except where the hold keeps a call.
    for (const id of [stored.id, pending.id, live.id]) {
      expect(await call(id)).toMatchObject({ toNumber: receipt.pseudonym, erasedAt: expect.any(Date) });
    }
    expect((await call(held.id)).toNumber).toBe(PHONE);
    expect(await t.prisma.contact.findUniqueOrThrow({ where: { id: contact.id } })).toMatchObject({ phone: receipt.pseudonym, name: 'Erased contact' });
    const callbacks = await t.prisma.webhookEvent.findMany({ where: { payload: { path: ['To'], equals: PHONE } } });
    expect(new Set(callbacks.map((e) => (e.payload as { CallSid: string }).CallSid))).toEqual(new Set([held.twilioCallSid]));
    const erasureEvent = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'ERASURE_REQUESTED' }, orderBy: { seq: 'desc' } });
    expect(JSON.stringify(erasureEvent.details)).not.toContain(PHONE);

    // Asked again for the same number, the erasure still finds the pseudonymised calls.
    const again = await api(t, '/api/erasure', { method: 'POST', token: compliance.token, body: { phone: PHONE, reason: 'Second request' } });
    expect(again.body.pseudonym).toBe(receipt.pseudonym);
    expect(again.body.kept.map((k: { recordingId: string }) => k.recordingId).sort()).toEqual(
      [storedRecording.id, pendingRecording.id, arrived.id, held.recordings[0].id].sort(),
    );
  }, 90_000);
});
