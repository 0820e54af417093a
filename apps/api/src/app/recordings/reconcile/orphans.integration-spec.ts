import { CallRecordDto, ErasureReceipt } from '@callrec/contracts';
import { randomInt, randomUUID } from 'node:crypto';
import { emulator } from '../../../../test/emulator-control';
import { storedExists, storedSha256 } from '../../../../test/stored-objects';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../../test/test-app';
import { ReconcileSummary, ReconciliationService } from './reconciliation.service';

const FROM = '+15005550006';
const number = () => `+1${randomInt(2_000_000_000, 9_999_999_999)}`;

/**
 * Orphans (design 9.7): a recording Twilio holds that no call of ours owns is adopted by
 * reconciliation as a call flagged orphan, downloaded like any other, found by the grid's filter,
 * attached by an ADMIN, and covered by holds, retention and erasure like any call.
 */
describe('orphan recordings', () => {
  let t: TestApp;
  let admin: TestUser;
  let compliance: TestUser;
  let agent: TestUser;
  let listId: string;

  beforeAll(async () => {
    // DELETE_AT_SOURCE off (the default): Twilio's copies stay, so the test can hash Twilio's media.
    t = await startTestApp({ DOWNLOAD_BACKOFF_MS: '200', DOWNLOAD_BACKOFF_MAX_MS: '500' });
    admin = await createUser(t, 'ADMIN', 'Ada Admin');
    compliance = await createUser(t, 'COMPLIANCE');
    agent = await createUser(t, 'AGENT', 'Olive Orphanage');
    listId = (await t.prisma.dataList.create({ data: { name: `Orphan list ${randomUUID().slice(0, 8)}` } })).id;
    await emulator.reset();
  });
  afterAll(() => t.close());

  const reconcile = (): Promise<ReconcileSummary> => t.app.get(ReconciliationService).run();

  /** A call placed at Twilio behind our back, once Twilio has finished its recording. */
  async function orphanAtTwilio(to: string, durationSeconds = 4) {
    const placed = await emulator.placeUnsolicitedCall({ to, from: FROM, durationSeconds });
    await waitFor('Twilio to complete the recording', async () => (await emulator.recording(placed.recordingSid))?.status === 'completed');
    return placed;
  }

  const callOf = (sid: string) =>
    t.prisma.callRecord.findUniqueOrThrow({ where: { twilioCallSid: sid }, include: { recordings: true } });

  const stored = (recordingSid: string) =>
    waitFor('the orphan recording to be stored', async () => {
      const row = await t.prisma.recording.findUnique({ where: { twilioRecordingSid: recordingSid } });
      return row?.status === 'STORED' && row;
    });

  const adoptedEvents = (callSid: string) =>
    t.prisma.auditEvent.findMany({ where: { action: 'ORPHAN_ADOPTED', details: { path: ['twilioCallSid'], equals: callSid } } });

  async function retentionRun(): Promise<void> {
    const before = new Date();
    expect((await api(t, '/api/retention/run', { method: 'POST', token: admin.token })).status).toBe(202);
    await waitFor('the retention sweep', async () =>
      // waitFor takes null for an answer: undefined until the run has finished.
      (await t.prisma.retentionRun.findFirst({ where: { startedAt: { gte: before }, finishedAt: { not: null } } })) ?? undefined,
    );
  }

  it("adopts a recording no call of ours owns, from Twilio's call, once, and stores it verified", async () => {
    const to = number();
    const orphan = await orphanAtTwilio(to, 7);
    const twilioCall = (await emulator.call(orphan.callSid))!;
    const mediaSha = await emulator.mediaSha256(orphan.recordingSid);

    const summary = await reconcile();
    expect(summary).toMatchObject({ orphansAdopted: 1, unknownCalls: 0 });
    const recording = await stored(orphan.recordingSid);
    expect(recording.sha256).toBe(mediaSha);
    expect(await storedSha256(t, recording.storageKey!, recording.storageBackend)).toBe(mediaSha);

    const call = await callOf(orphan.callSid);
    expect(call).toMatchObject({
      orphan: true,
      agentId: null,
      dataListId: null,
      outcome: null,
      toNumber: to,
      fromNumber: FROM,
      direction: 'outbound-api',
      status: 'completed',
      durationSeconds: 7,
      placedAt: new Date(twilioCall.start_time),
      answeredAt: new Date(twilioCall.start_time),
    });
    expect(call.endedAt).not.toBeNull();
    const dto = (await api(t, `/api/call-records/${call.id}`, { token: compliance.token })).body as CallRecordDto;
    expect(dto).toMatchObject({ orphan: true, agent: null, dataList: null, dataListLabel: 'Manual Dial', toNumber: to, durationSeconds: 7 });
    expect(dto.recordings).toEqual([expect.objectContaining({ id: recording.id, status: 'STORED' })]);

    const events = await adoptedEvents(orphan.callSid);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: null,
      details: { twilioCallSid: orphan.callSid, twilioRecordingSid: orphan.recordingSid, toNumber: to, fromNumber: FROM },
    });

    // Looked at again, nothing new: the call and its recording are ours now.
    expect(await reconcile()).toMatchObject({ orphansAdopted: 0, discovered: 0, unknownCalls: 0 });
    expect(await t.prisma.callRecord.count({ where: { twilioCallSid: orphan.callSid } })).toBe(1);
    expect(await adoptedEvents(orphan.callSid)).toHaveLength(1);
  }, 60_000);

  it('two reconciliations at once adopt each orphan once: one call, one recording, one audit event', async () => {
    const orphans = [];
    for (let i = 0; i < 3; i += 1) orphans.push(await orphanAtTwilio(number(), 3));
    const [a, b] = await Promise.all([reconcile(), reconcile()]);
    expect(a.orphansAdopted + b.orphansAdopted).toBe(3);
    for (const orphan of orphans) {
      expect(await t.prisma.callRecord.count({ where: { twilioCallSid: orphan.callSid } })).toBe(1);
      expect(await t.prisma.recording.count({ where: { twilioRecordingSid: orphan.recordingSid } })).toBe(1);
      expect(await adoptedEvents(orphan.callSid)).toHaveLength(1);
      await stored(orphan.recordingSid);
    }
  }, 60_000);

  it('the orphan filter lists exactly the orphans, or excludes them; the agent sort puts them last both ways', async () => {
    const ours = await t.prisma.callRecord.create({
      data: { agentId: agent.id, fromNumber: FROM, toNumber: number(), status: 'completed', twilioCallSid: `CA${randomUUID().replace(/-/g, '')}` },
    });
    const orphanIds = (await t.prisma.callRecord.findMany({ where: { orphan: true }, select: { id: true } })).map((c) => c.id).sort();
    expect(orphanIds.length).toBeGreaterThanOrEqual(4);

    const only = await api(t, '/api/call-records?orphan=true&pageSize=200', { token: compliance.token });
    expect(only.status).toBe(200);
    expect(only.body.items.map((c: CallRecordDto) => c.id).sort()).toEqual(orphanIds);
    expect(only.body.total).toBe(orphanIds.length);
    expect(only.body.items.every((c: CallRecordDto) => c.orphan && c.agent === null)).toBe(true);

    const none = await api(t, '/api/call-records?orphan=false&pageSize=200', { token: compliance.token });
    expect(none.body.items.map((c: CallRecordDto) => c.id)).toContain(ours.id);
    expect(none.body.items.some((c: CallRecordDto) => c.orphan || orphanIds.includes(c.id))).toBe(false);

    for (const sort of ['agent', '-agent']) {
      const page = await api(t, `/api/call-records?sort=${sort}&pageSize=200`, { token: compliance.token });
      const agents = page.body.items.map((c: CallRecordDto) => c.agent);
      expect(agents.slice(agents.indexOf(null)).every((a: unknown) => a === null)).toBe(true);
    }
    const csv = await api(t, '/api/call-records/export.csv?orphan=true&sort=-agent', { token: compliance.token });
    expect(csv.status).toBe(200);
    expect((csv.body as string).trim().split('\n')).toHaveLength(orphanIds.length + 1);

    const bad = await api(t, '/api/call-records?orphan=maybe', { token: compliance.token });
    expect([bad.status, bad.body.message]).toEqual([400, 'orphan must be true or false']);
  });

  it('an ADMIN attaches an orphan to an agent and a data list, audited; anyone else or a bad body changes nothing', async () => {
    const orphan = await orphanAtTwilio(number());
    await reconcile();
    const { id } = await callOf(orphan.callSid);
    const attach = (body: unknown, token = admin.token, callId = id) =>
      api(t, `/api/call-records/${callId}`, { method: 'PATCH', token, body });
    const attachedEvents = () =>
      t.prisma.auditEvent.findMany({ where: { action: 'CALL_RECORD_ATTACHED', details: { path: ['callRecordId'], equals: id } } });

    expect((await attach({ agentId: agent.id, reason: 'Mine' }, compliance.token)).status).toBe(403);
    const inactive = await createUser(t, 'AGENT', 'Gone Agent');
    await t.prisma.user.update({ where: { id: inactive.id }, data: { active: false } });
    const missing = randomUUID();
    for (const [body, message] of [
      [{ agentId: agent.id }, 'reason must be text'],
      [{ agentId: agent.id, reason: '   ' }, 'reason must not be blank'],
      [{ agentId: agent.id, reason: 'x'.repeat(501) }, 'reason must be at most 500 characters'],
      [{ reason: 'Nothing said' }, 'Nothing to change: give agentId, dataListId (null for Manual Dial) or both'],
      [{ agentId: 'nope', reason: 'Typo' }, 'agentId must be a UUID'],
      [{ dataListId: 'nope', reason: 'Typo' }, 'dataListId must be a UUID or null (Manual Dial)'],
      [{ agentId: missing, reason: 'Unknown' }, `Agent ${missing} not found`],
      [{ agentId: compliance.id, reason: 'Not an agent' }, 'compliance user (COMPLIANCE) is not an agent: attach a call to someone GET /api/agents lists'],
      [{ agentId: inactive.id, reason: 'Left' }, 'Agent Gone Agent is deactivated'],
      [{ dataListId: missing, reason: 'Unknown' }, `Data list ${missing} not found`],
      [{ dataListId: null, reason: 'Already Manual Dial' }, `Nothing to change: call record ${id} already has that agent and data list`],
    ] as const) {
      const response = await attach(body);
      expect([response.status, JSON.stringify(response.body.message)]).toEqual([400, expect.stringContaining(message)]);
    }
    expect((await attach({ agentId: agent.id, reason: 'Nobody' }, admin.token, randomUUID())).status).toBe(404);
    expect(await callOf(orphan.callSid)).toMatchObject({ agentId: null, dataListId: null, orphan: true });
    expect(await attachedEvents()).toHaveLength(0);

    const attached = await attach({ agentId: agent.id, dataListId: listId, reason: '  Placed from the Twilio console during the outage  ' });
    expect(attached.status).toBe(200);
    expect(attached.body).toMatchObject({ id, orphan: true, agent: { id: agent.id, name: 'Olive Orphanage' }, dataList: { id: listId } });
    const grid = await api(t, `/api/call-records?orphan=true&agentId=${agent.id}`, { token: compliance.token });
    expect(grid.body.items).toEqual([expect.objectContaining({ id, agent: { id: agent.id, name: 'Olive Orphanage' }, dataList: expect.objectContaining({ id: listId }) })]);
    const [event] = await attachedEvents();
    expect(event).toMatchObject({
      actorId: admin.id,
      details: {
        reason: 'Placed from the Twilio console during the outage',
        agentId: agent.id,
        agentName: 'Olive Orphanage',
        previousAgentId: null,
        dataListId: listId,
        dataListLabel: attached.body.dataList.name,
        previousDataListId: null,
      },
    });
    expect((await attach({ agentId: agent.id, dataListId: listId, reason: 'Again' })).body.message).toBe(
      `Nothing to change: call record ${id} already has that agent and data list`,
    );
  }, 60_000);

  it('re-attaching never shortens protection: policies and holds keep matching the agent and list a call had', async () => {
    const orphan = await orphanAtTwilio(number());
    // Never attached anywhere: only the default policy decides it.
    const control = await orphanAtTwilio(number());
    await reconcile();
    const recording = await stored(orphan.recordingSid);
    const controlRecording = await stored(control.recordingSid);
    const { id } = await callOf(orphan.callSid);
    const other = await createUser(t, 'AGENT', 'Other Agent');
    const attach = (body: unknown) => api(t, `/api/call-records/${id}`, { method: 'PATCH', token: admin.token, body });
    expect((await attach({ agentId: agent.id, dataListId: listId, reason: 'Filed' })).status).toBe(200);

    const policies = [];
    for (const body of [
      { name: `Everything else ${id}`, retainDays: 0, scope: {} },
      { name: `The list ${id}`, retainDays: 3650, scope: { dataListId: listId } },
    ]) {
      const created = await api(t, '/api/retention-policies', { method: 'POST', token: admin.token, body });
      expect(created.status).toBe(201);
      policies.push(created.body.id as string);
    }
    const hold = await api(t, '/api/legal-holds', {
      method: 'POST',
      token: compliance.token,
      body: { name: `Agent case ${id.slice(0, 8)}`, reason: 'Complaint about the agent', criteria: { agentId: agent.id } },
    });
    expect(hold.status).toBe(201);

    // Moved to another agent and to Manual Dial: the 10-year list policy and the agent's hold still apply.
    expect((await attach({ agentId: other.id, dataListId: null, reason: 'Was the other agent, manual' })).status).toBe(200);
    const deleted = await api(t, `/api/recordings/${recording.id}`, { method: 'DELETE', token: admin.token, body: { reason: 'Filed wrongly anyway' } });
    expect(deleted.status).toBe(409);
    expect(deleted.body.message).toContain(`Agent case ${id.slice(0, 8)}`);
    expect((await api(t, `/api/legal-holds/${hold.body.id}/release`, { method: 'POST', token: compliance.token, body: { reason: 'Closed' } })).status).toBe(200);
    await retentionRun();
    expect((await t.prisma.recording.findUniqueOrThrow({ where: { id: recording.id } })).status).toBe('STORED');
    expect((await t.prisma.recording.findUniqueOrThrow({ where: { id: controlRecording.id } })).status).toBe('DELETED');
    for (const policy of policies) {
      expect((await api(t, `/api/retention-policies/${policy}`, { method: 'DELETE', token: admin.token })).status).toBeLessThan(300);
    }
    expect(await t.prisma.callAttachmentChange.count({ where: { callRecordId: id } })).toBe(2);
  }, 60_000);

  it("a hold on the orphan's number covers it; the default policy deletes an unheld expired orphan; erasure after release erases it", async () => {
    const heldNumber = number();
    const held = await orphanAtTwilio(heldNumber);
    const free = await orphanAtTwilio(number());
    await reconcile();
    const heldRecording = await stored(held.recordingSid);
    const freeRecording = await stored(free.recordingSid);

    const hold = await api(t, '/api/legal-holds', {
      method: 'POST',
      token: compliance.token,
      body: { name: 'Orphan case 7', reason: 'Counsel asked for every call to the number', criteria: { phone: heldNumber } },
    });
    expect(hold.status).toBe(201);
    const refused = await api(t, `/api/recordings/${heldRecording.id}`, { method: 'DELETE', token: admin.token, body: { reason: 'Not ours' } });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain("'Orphan case 7'");

    const policy = await api(t, '/api/retention-policies', {
      method: 'POST',
      token: admin.token,
      body: { name: `Default: expire now ${held.callSid}`, retainDays: 0, scope: {} },
    });
    expect(policy.status).toBe(201);
    await retentionRun();
    expect((await t.prisma.recording.findUniqueOrThrow({ where: { id: heldRecording.id } })).status).toBe('STORED');
    expect((await t.prisma.recording.findUniqueOrThrow({ where: { id: freeRecording.id } })).deletedBy).toBe(`retention:${policy.body.name}`);
    expect(await storedExists(t, freeRecording.storageKey!, freeRecording.storageBackend)).toBe(false);
    expect((await api(t, `/api/retention-policies/${policy.body.id}`, { method: 'DELETE', token: admin.token })).status).toBeLessThan(300);

    expect((await api(t, `/api/legal-holds/${hold.body.id}/release`, { method: 'POST', token: compliance.token, body: { reason: 'Case closed' } })).status).toBe(200);
    const erasure = await api(t, '/api/erasure', { method: 'POST', token: compliance.token, body: { phone: heldNumber, reason: 'GDPR Art. 17, ticket 99' } });
    expect(erasure.status).toBe(200);
    const receipt = erasure.body as ErasureReceipt;
    expect(receipt.deleted.map((d) => d.recordingId)).toEqual([heldRecording.id]);
    expect(await callOf(held.callSid)).toMatchObject({ orphan: true, toNumber: receipt.pseudonym, erasedAt: expect.any(Date) });
    expect(await emulator.recording(held.recordingSid)).toBeNull();
  }, 60_000);

  it('an orphan of a number erased before it was adopted is erased on arrival, and its number never enters the database', async () => {
    const erasedNumber = number();
    const orphan = await orphanAtTwilio(erasedNumber);
    const erasure = await api(t, '/api/erasure', { method: 'POST', token: compliance.token, body: { phone: erasedNumber, reason: 'GDPR Art. 17, ticket 100' } });
    expect(erasure.status).toBe(200);
    const receipt = erasure.body as ErasureReceipt;
    expect(receipt.deleted).toEqual([]);

    expect(await reconcile()).toMatchObject({ orphansAdopted: 1 });
    const call = await callOf(orphan.callSid);
    expect(call).toMatchObject({ orphan: true, toNumber: receipt.pseudonym, erasedAt: expect.any(Date) });
    expect(call.recordings).toEqual([
      expect.objectContaining({ status: 'DELETED', deletedBy: 'erasure:on-arrival', storageKey: null, sha256: null, deletedAtSource: expect.any(Date) }),
    ]);
    expect(await emulator.recording(orphan.recordingSid)).toBeNull();
    const [event] = await adoptedEvents(orphan.callSid);
    expect(event.details).toMatchObject({ toNumber: receipt.pseudonym });
    expect(JSON.stringify(event.details)).not.toContain(erasedNumber);
    expect(await t.prisma.callRecord.count({ where: { toNumber: erasedNumber } })).toBe(0);
    // Nothing comes back on the next pass.
    expect(await reconcile()).toMatchObject({ orphansAdopted: 0, discovered: 0 });
  }, 60_000);
});
