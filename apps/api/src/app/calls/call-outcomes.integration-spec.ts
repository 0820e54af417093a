import { recreateDatabase } from '../../../test/global-setup';
import { seedStoredRecordings } from '../../../test/recording-fixtures';
import { TEST_DATABASE_URL } from '../../../test/test-config';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';

const HOUR = 3600_000;

describe('call outcomes are evidence: history, audit, lock window, and retention over every outcome', () => {
  let t: TestApp;
  let admin: TestUser;
  let agent: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    // A database of its own: the retention preview counts every recording in it.
    const databaseUrl = TEST_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_outcomes');
    await recreateDatabase(databaseUrl);
    t = await startTestApp({ DATABASE_URL: databaseUrl });
    admin = await createUser(t, 'ADMIN');
    agent = await createUser(t, 'AGENT');
    supervisor = await createUser(t, 'SUPERVISOR');
  });
  afterAll(() => t.close());

  /** A stored recording of an agent's call that ended `hoursAgo` hours ago. */
  async function callEnded(hoursAgo: number, outcome: 'SALE' | 'CALLBACK' | null = null) {
    const [seeded] = await seedStoredRecordings(t, [{ agentId: agent.id, outcome, daysAgo: Math.floor(hoursAgo / 24) }]);
    const endedAt = new Date(Date.now() - hoursAgo * HOUR);
    await t.prisma.callRecord.update({ where: { id: seeded.callId }, data: { placedAt: new Date(endedAt.getTime() - 60_000), endedAt } });
    return seeded;
  }

  const setOutcome = (user: TestUser, callId: string, body: Record<string, unknown>) =>
    api(t, `/api/calls/${callId}/outcome`, { method: 'PATCH', token: user.token, body });

  it('keeps every change with who, when and why, and audits it', async () => {
    const call = await callEnded(1);
    expect((await setOutcome(agent, call.callId, { outcome: 'CALLBACK' })).status).toBe(200);
    const changed = await setOutcome(agent, call.callId, { outcome: 'SALE', reason: 'Customer called back and bought' });
    expect(changed.status).toBe(200);
    expect(changed.body.outcome).toBe('SALE');
    // Setting the outcome it already has changes nothing and is not an event.
    expect((await setOutcome(agent, call.callId, { outcome: 'SALE' })).status).toBe(200);

    const history = await t.prisma.callOutcomeChange.findMany({ where: { callRecordId: call.callId }, orderBy: { at: 'asc' } });
    expect(history.map((h) => [h.fromOutcome, h.toOutcome, h.changedById, h.reason])).toEqual([
      [null, 'CALLBACK', agent.id, null],
      ['CALLBACK', 'SALE', agent.id, 'Customer called back and bought'],
    ]);
    const events = await t.prisma.auditEvent.findMany({
      where: { action: 'CALL_OUTCOME_CHANGED', actorId: agent.id },
      orderBy: { seq: 'asc' },
    });
    expect(events.map((e) => e.details)).toEqual([
      { callRecordId: call.callId, from: null, to: 'CALLBACK' },
      { callRecordId: call.callId, from: 'CALLBACK', to: 'SALE', reason: 'Customer called back and bought' },
    ]);
  });

  it('locks the outcome OUTCOME_LOCK_HOURS after the call: then only an ADMIN, with a reason, may change it', async () => {
    const call = await callEnded(25, 'SALE');
    for (const user of [agent, supervisor]) {
      const refused = await setOutcome(user, call.callId, { outcome: 'NOT_INTERESTED', reason: 'Changed my mind' });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/was locked on .+, 24 hours after the call; only an ADMIN may change it, with a reason$/);
    }
    const noReason = await setOutcome(admin, call.callId, { outcome: 'NOT_INTERESTED' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/^reason is required: the outcome of call .+ was locked on /);
    const blank = await setOutcome(admin, call.callId, { outcome: 'NOT_INTERESTED', reason: '  ' });
    expect(blank.status).toBe(400);
    const row = await t.prisma.callRecord.findUniqueOrThrow({ where: { id: call.callId } });
    expect(row.outcome).toBe('SALE');
    expect(await t.prisma.callOutcomeChange.count({ where: { callRecordId: call.callId } })).toBe(0);

    const allowed = await setOutcome(admin, call.callId, { outcome: 'NOT_INTERESTED', reason: 'Disposition entered on the wrong call' });
    expect(allowed.status).toBe(200);
    const event = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'CALL_OUTCOME_CHANGED', actorId: admin.id } });
    expect(event.details).toEqual({
      callRecordId: call.callId,
      from: 'SALE',
      to: 'NOT_INTERESTED',
      reason: 'Disposition entered on the wrong call',
    });
  });

  it('retention keeps a recording for the longest policy over every outcome its call has had: preview and sweep agree', async () => {
    const kept = await callEnded(100 * 24, 'SALE');
    const plain = await callEnded(100 * 24, 'CALLBACK');
    for (const policy of [
      { name: 'Everything: 30 days', retainDays: 30, scope: {} },
      { name: 'Sales: a year', retainDays: 365, scope: { outcome: 'SALE' } },
    ]) {
      expect((await api(t, '/api/retention-policies', { method: 'POST', token: admin.token, body: policy })).status).toBe(201);
    }
    // Changing a sale to "not interested" would put the recording under the 30-day policy.
    const changed = await setOutcome(admin, kept.callId, { outcome: 'NOT_INTERESTED', reason: 'Sale cancelled' });
    expect(changed.status).toBe(200);

    const preview = await api(t, '/api/retention/preview', { token: admin.token });
    expect(preview.status).toBe(200);
    const run = await api(t, '/api/retention/run', { method: 'POST', token: admin.token });
    expect(run.status).toBe(202);
    await waitFor('the sweep', async () => (await t.prisma.retentionRun.findFirst({ where: { finishedAt: { not: null } } })) ?? undefined);

    const after = await t.prisma.recording.findMany({ where: { id: { in: [kept.id, plain.id] } } });
    const status = (id: string) => after.find((r) => r.id === id)?.status;
    expect(status(kept.id)).toBe('STORED');
    expect(status(plain.id)).toBe('DELETED');
    // The preview said exactly what the sweep then did.
    const deleted = await t.prisma.recording.count({ where: { status: 'DELETED' } });
    expect(preview.body.total).toBe(deleted);
    expect(preview.body.byPolicy).toEqual([expect.objectContaining({ name: 'Everything: 30 days', count: deleted })]);
  });
});
