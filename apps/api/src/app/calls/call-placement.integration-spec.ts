import { emulator } from '../../../test/emulator-control';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { ReconciliationService } from '../recordings/reconcile/reconciliation.service';

/**
 * Twilio placed the call, but our create request never heard so (a cut connection, a 500):
 * the call record must survive and be completed by its CallSid, from the callbacks or, when
 * those are lost too, from reconciliation, so the recording is stored like any other.
 */
describe('a call Twilio placed although our request failed is never lost', () => {
  let t: TestApp;
  let agent: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ RECONCILE_GRACE_SECONDS: '0' });
    agent = await createUser(t, 'AGENT');
  });
  beforeEach(() => emulator.reset());
  afterAll(() => t.close());

  const row = (id: string) => t.prisma.callRecord.findUniqueOrThrow({ where: { id }, include: { recordings: true } });

  async function placeLost(to: string, createCallResponse: 'reset' | 'error'): Promise<string> {
    await emulator.setNumberFaults(to, { createCallResponse });
    const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to } });
    expect(placed.status).toBe(502);
    const id = /kept as call ([0-9a-f-]{36})/.exec(placed.body.message)?.[1];
    expect(id).toBeDefined();
    expect(placed.body.message).toMatch(/^Twilio did not confirm the call \(.+\)\. It may still be placed: it is kept as call /);
    return id as string;
  }

  it('completes the call from its callbacks, which name our call record, and stores its recording', async () => {
    const to = '+14155550601';
    const id = await placeLost(to, 'reset');
    const answered = await waitFor('the call to learn its CallSid and be answered', async () => {
      const call = await row(id);
      return call.twilioCallSid !== null && call.status === 'in_progress' && call;
    });
    expect(answered.errorMessage).toBeNull();
    await emulator.hangup(answered.twilioCallSid as string, 4);
    const stored = await waitFor('the recording to be stored', async () => {
      const call = await row(id);
      return call.status === 'completed' && call.recordings[0]?.status === 'STORED' && call;
    });
    expect(stored.durationSeconds).toBe(4);
  });

  it('with every callback lost too, reconciliation finds the call at Twilio by its numbers and time, and stores the recording', async () => {
    const to = '+14155550602';
    await emulator.setConfig({ faults: { dropCallbacks: ['*'] } });
    const id = await placeLost(to, 'error');
    const [twilioCall] = await waitFor('Twilio to answer the call', async () => {
      const calls = await emulator.callsTo(to);
      return calls[0]?.status === 'in-progress' && calls;
    });
    await emulator.hangup(twilioCall.sid, 3);
    await waitFor('Twilio to finish the recording', async () => (await emulator.recordingsOf(twilioCall.sid))[0]?.status === 'completed');
    expect((await row(id)).twilioCallSid).toBeNull();

    const summary = await t.app.get(ReconciliationService).run();
    expect(summary).toMatchObject({ callsAdopted: 1, discovered: 1 });
    const stored = await waitFor('the recording to be stored', async () => {
      const call = await row(id);
      return call.recordings[0]?.status === 'STORED' && call;
    });
    expect(stored).toMatchObject({ twilioCallSid: twilioCall.sid, status: 'completed', durationSeconds: 3, errorMessage: null });
  });

  it('a call Twilio refused (4xx) leaves nothing behind, and one it never placed is marked failed, not deleted', async () => {
    // Wrong credentials: Twilio answers 401 and places nothing.
    const wrong = await startTestApp({ TWILIO_EMULATOR_AUTH_TOKEN: 'not-the-emulator-token-000000000' });
    try {
      const refused = await api(wrong, '/api/calls', { method: 'POST', token: agent.token, body: { to: '+14155550604' } });
      expect(refused.status).toBe(502);
      expect(refused.body.message).toMatch(/^Twilio rejected our credentials while trying to place the call/);
      expect(await t.prisma.callRecord.count({ where: { toNumber: '+14155550604' } })).toBe(0);
    } finally {
      await wrong.close();
    }

    // Kept after a failure that said nothing, but Twilio has no such call.
    const ghost = await t.prisma.callRecord.create({
      data: {
        agentId: agent.id,
        fromNumber: t.config.twilio.fromNumber,
        toNumber: '+14155550603',
        placedAt: new Date(Date.now() - 3600_000),
        errorMessage: 'Twilio did not confirm the call',
      },
    });
    const summary = await t.app.get(ReconciliationService).run();
    expect(summary.callsNeverPlaced).toBeGreaterThanOrEqual(1);
    const settled = await row(ghost.id);
    expect(settled.status).toBe('failed');
    expect(settled.errorMessage).toMatch(/^Twilio has no record of this call/);
    // Given up once, it is not looked for (nor counted) again by later runs.
    expect((await t.app.get(ReconciliationService).run()).callsNeverPlaced).toBe(0);
  });
});
