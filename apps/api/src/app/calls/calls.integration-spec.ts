import { emulator } from '../../../test/emulator-control';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';

/**
 * The whole Twilio path for real: the API places calls with the official twilio client
 * against the emulator process, which walks them through their statuses and sends signed
 * callbacks back to this API over HTTP.
 */
describe('placing and tracking recorded calls', () => {
  let t: TestApp;
  let agent: TestUser;
  let otherAgent: TestUser;
  let supervisor: TestUser;
  let listId: string;

  beforeAll(async () => {
    t = await startTestApp();
    agent = await createUser(t, 'AGENT', 'Alice Agent');
    otherAgent = await createUser(t, 'AGENT', 'Bob Agent');
    supervisor = await createUser(t, 'SUPERVISOR');
    listId = (await t.prisma.dataList.create({ data: { name: 'Spring renewals' } })).id;
  });
  beforeEach(() => emulator.reset());
  afterAll(() => t.close());

  async function callRow(id: string) {
    return t.prisma.callRecord.findUniqueOrThrow({ where: { id }, include: { recordings: true } });
  }

  async function placeAnswerAndHangUp(body: Record<string, unknown>, token: string, seconds: number) {
    const placed = await api(t, '/api/calls', { method: 'POST', token, body });
    expect(placed.status).toBe(201);
    const id: string = placed.body.id;
    await waitFor('the call to be answered', async () => (await callRow(id)).status === 'in_progress');
    await emulator.hangup(placed.body.twilioCallSid, seconds);
    const final = await waitFor('the call to complete with its recording', async () => {
      const row = await callRow(id);
      return row.status === 'completed' && row.recordings.length > 0 && row.recordings[0].twilioDuration !== null && row;
    });
    return { placed: placed.body, final };
  }

  it('places a list call, ends it through the API, and tracks it to completed with a PENDING recording', async () => {
    const placed = await api(t, '/api/calls', {
      method: 'POST',
      token: agent.token,
      body: { to: '+14155550101', dataListId: listId },
    });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      status: 'queued',
      toNumber: '+14155550101',
      agent: { id: agent.id, name: 'Alice Agent' },
      dataList: { id: listId, name: 'Spring renewals' },
      dataListLabel: 'Spring renewals',
    });
    expect(placed.body.twilioCallSid).toMatch(/^CA[0-9a-f]{32}$/);

    await waitFor('the call to be answered', async () => (await callRow(placed.body.id)).status === 'in_progress');
    await new Promise((resolve) => setTimeout(resolve, 2200));
    const ended = await api(t, `/api/calls/${placed.body.id}/end`, { method: 'POST', token: agent.token });
    expect(ended.status).toBe(200);

    const row = await waitFor('completed with a recording', async () => {
      const current = await callRow(placed.body.id);
      return current.status === 'completed' && current.recordings.length === 1 && current;
    });
    expect(row.durationSeconds).toBeGreaterThanOrEqual(2);
    expect(row.durationSeconds).toBeLessThanOrEqual(10);
    expect(row.answeredAt).not.toBeNull();
    expect(row.endedAt!.getTime()).toBeGreaterThan(row.answeredAt!.getTime());
    expect(row.agentId).toBe(agent.id);
    expect(row.dataListId).toBe(listId);
    expect(['PENDING', 'DOWNLOADING', 'STORED']).toContain(row.recordings[0].status);
    expect(row.recordings[0].twilioRecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(row.recordings[0].channels).toBe(2);

    const again = await api(t, `/api/calls/${placed.body.id}/end`, { method: 'POST', token: agent.token });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`Call ${placed.body.id} has already ended (completed)`);
  });

  it('records a Manual Dial when no data list is given, with the duration Twilio reports', async () => {
    const { placed, final } = await placeAnswerAndHangUp({ to: '+14155550102' }, agent.token, 42);
    expect(placed.dataList).toBeNull();
    expect(placed.dataListLabel).toBe('Manual Dial');
    expect(final.dataListId).toBeNull();
    expect(final.durationSeconds).toBe(42);
    expect(final.recordings[0].twilioDuration).toBe(42);
  });

  it('lets a SUPERVISOR place a call for an agent, and only the owner agent act on it', async () => {
    const placed = await api(t, '/api/calls', {
      method: 'POST',
      token: supervisor.token,
      body: { to: '+14155550103', agentId: otherAgent.id },
    });
    expect(placed.status).toBe(201);
    expect(placed.body.agent.id).toBe(otherAgent.id);

    const notMine = await api(t, `/api/calls/${placed.body.id}/outcome`, {
      method: 'PATCH',
      token: agent.token,
      body: { outcome: 'SALE' },
    });
    expect(notMine.status).toBe(403);
    expect(notMine.body.message).toBe('Agents can only set the outcome of their own calls');
    expect((await api(t, `/api/calls/${placed.body.id}/end`, { method: 'POST', token: agent.token })).status).toBe(403);

    const mine = await api(t, `/api/calls/${placed.body.id}/outcome`, {
      method: 'PATCH',
      token: otherAgent.token,
      body: { outcome: 'CALLBACK' },
    });
    expect(mine.status).toBe(200);
    expect(mine.body.outcome).toBe('CALLBACK');

    const forOther = await api(t, '/api/calls', {
      method: 'POST',
      token: agent.token,
      body: { to: '+14155550104', agentId: otherAgent.id },
    });
    expect(forOther.status).toBe(403);
  });

  it('tracks busy and no-answer calls to their terminal status without a recording', async () => {
    await emulator.setNumberFaults('+14155550105', { outcome: 'busy' });
    const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to: '+14155550105' } });
    const row = await waitFor('busy', async () => {
      const current = await callRow(placed.body.id);
      return current.status === 'busy' && current;
    });
    expect(row.recordings).toHaveLength(0);
    expect(row.durationSeconds).toBe(0);
    expect(row.answeredAt).toBeNull();
  });

  it('answers bad input with a clear 4xx and writes nothing', async () => {
    const before = await t.prisma.callRecord.count();
    const notE164 = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to: '0415 555 0101' } });
    expect(notE164.status).toBe(400);
    expect(notE164.body.message).toBe('to must be an E.164 phone number such as +14155550123');

    const unknownList = await api(t, '/api/calls', {
      method: 'POST',
      token: agent.token,
      body: { to: '+14155550101', dataListId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknownList.status).toBe(404);
    expect(unknownList.body.message).toBe('Data list 00000000-0000-4000-8000-000000000000 not found');

    const otherList = await t.prisma.dataList.create({ data: { name: 'Other list' } });
    const contact = await t.prisma.contact.create({ data: { name: 'Carol', phone: '+14155550199', dataListId: otherList.id } });
    const wrongList = await api(t, '/api/calls', {
      method: 'POST',
      token: agent.token,
      body: { to: '+14155550199', contactId: contact.id, dataListId: listId },
    });
    expect(wrongList.status).toBe(400);
    expect(wrongList.body.message).toBe(`Contact ${contact.id} belongs to the data list 'Other list'; place the call with that dataListId`);
    const wrongNumber = await api(t, '/api/calls', {
      method: 'POST',
      token: agent.token,
      body: { to: '+14155550198', contactId: contact.id, dataListId: otherList.id },
    });
    expect(wrongNumber.status).toBe(400);

    const unknownField = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to: '+14155550101', record: false } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.message).toBe('property record should not exist');

    expect(await t.prisma.callRecord.count()).toBe(before);
  });

  it('turns a Twilio refusal into a clear answer and leaves no half-written call', async () => {
    // HTTP only: a worker with wrong credentials would compete for the other tests' jobs.
    const badCredentials = await startTestApp({ APP_ROLE: 'api', TWILIO_EMULATOR_AUTH_TOKEN: 'wrong-token-wrong-token-wrong-tok' });
    try {
      const user = await createUser(badCredentials, 'AGENT');
      const before = await badCredentials.prisma.callRecord.count();
      const response = await api(badCredentials, '/api/calls', { method: 'POST', token: user.token, body: { to: '+14155550106' } });
      expect(response.status).toBe(502);
      expect(response.body.message).toMatch(/^Twilio rejected our credentials while trying to place the call: Authenticate/);
      expect(await badCredentials.prisma.callRecord.count()).toBe(before);
    } finally {
      await badCredentials.close();
    }
  });

  it('ends with the same state when callbacks are duplicated, delayed and reordered', async () => {
    const clean = await placeAnswerAndHangUp({ to: '+14155550107', dataListId: listId }, agent.token, 17);

    await emulator.setNumberFaults('+14155550108', { duplicateCallbacks: 2, delayCallbacksMs: 150, reorderCallbacks: true });
    const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to: '+14155550108', dataListId: listId } });
    // Reordered callbacks are held back until the recording is final, so our row stays queued
    // while the call is live: give the emulator time to answer, then hang up by its SID.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await emulator.hangup(placed.body.twilioCallSid, 17);
    // initiated, ringing, answered, completed, recording in-progress and completed: 6, each sent 3 times.
    const expectedDeliveries = 6 * 3;
    const faulty = await waitFor('the faulty call to settle', async () => {
      const row = await callRow(placed.body.id);
      const deliveries = await emulator.callbacks(placed.body.twilioCallSid);
      const answered = deliveries.filter((d) => d.httpStatus !== undefined).length;
      return row.status === 'completed' && row.recordings[0]?.twilioDuration === 17 && answered === expectedDeliveries && row;
    });

    const comparable = (row: typeof faulty) => ({
      status: row.status,
      durationSeconds: row.durationSeconds,
      answeredAtSet: row.answeredAt !== null,
      // The download runs on in the background, so the recording's own status is left out.
      recordings: row.recordings.map((r) => ({ channels: r.channels, twilioDuration: r.twilioDuration })),
    });
    expect(comparable(faulty)).toEqual(comparable(clean.final));

    const deliveries = await emulator.callbacks(placed.body.twilioCallSid);
    expect(deliveries.map((d) => d.httpStatus)).toEqual(Array(expectedDeliveries).fill(204));
    const events = await t.prisma.webhookEvent.findMany({
      where: { payload: { path: ['CallSid'], equals: placed.body.twilioCallSid } },
    });
    // Every callback arrived three times; each was stored once.
    expect(deliveries.length).toBe(events.length * 3);
    expect(new Set(events.map((e) => e.idempotencyKey)).size).toBe(events.length);
  });
});
