import { createHash } from 'node:crypto';
import { TwilioService } from '../../src/services/twilio/twilio.service';
import { emulator } from '../emulator-control';
import { createUser, startTestApp, TestApp, waitFor } from '../test-app';
import { signTwilio } from '../twilio-signer';
import { storedBytes } from '../stored-objects';

const RECORDINGS = 500;
const DELIVERIES_PER_RECORDING = 4; // in-progress, then completed three times

describe('load: 2,000 signed recording callbacks, duplicates included', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ DOWNLOAD_CONCURRENCY: '8' });
    await emulator.reset();
    await emulator.setConfig({ timing: { ringDelayMs: 0, answerDelayMs: 0, recordingProcessingMs: 0 } });
  });
  afterAll(async () => {
    await emulator.reset();
    await t.close();
  });

  it('stores every recording exactly once, and loses none', async () => {
    const agent = await createUser(t, 'AGENT');
    const twilio = t.app.get(TwilioService).client;
    // Real recordings at the emulator, made without callbacks: this test delivers them itself.
    const calls = await Promise.all(
      Array.from({ length: RECORDINGS }, (_, i) =>
        twilio.calls.create({
          to: `+1628555${(1000 + i).toString()}`,
          from: '+15005550006',
          twiml: '<Response/>',
          record: true,
          recordingChannels: 'dual',
        }),
      ),
    );
    await t.prisma.callRecord.createMany({
      data: calls.map((call) => ({
        agentId: agent.id,
        fromNumber: call.from,
        toNumber: call.to,
        twilioCallSid: call.sid,
        status: 'in_progress' as const,
      })),
    });
    for (const call of calls) await emulator.hangup(call.sid, 2);
    const sids = new Set(calls.map((c) => c.sid));
    const recordings = (await twilio.recordings.list({ pageSize: 1000, limit: 5000 })).filter((r) => sids.has(r.callSid));
    expect(recordings).toHaveLength(RECORDINGS);

    const url = `${t.config.publicBaseUrl}/api/webhooks/twilio/recording-status`;
    const deliveries = recordings.flatMap((r) => {
      const base = {
        AccountSid: t.config.twilio.accountSid,
        CallSid: r.callSid,
        RecordingSid: r.sid,
        RecordingChannels: '2',
        RecordingSource: 'OutboundAPI',
      };
      const inProgress = { ...base, RecordingStatus: 'in-progress', RecordingDuration: '0' };
      const completed = { ...base, RecordingStatus: 'completed', RecordingDuration: String(r.duration) };
      return [inProgress, completed, completed, completed];
    });
    expect(deliveries).toHaveLength(RECORDINGS * DELIVERIES_PER_RECORDING);
    // Shuffled, so duplicates and out-of-order statuses arrive interleaved.
    deliveries.sort(() => Math.random() - 0.5);

    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < deliveries.length) {
          const params = deliveries[next++];
          const response = await fetch(`${t.url}/api/webhooks/twilio/recording-status`, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'x-twilio-signature': signTwilio(t.config.twilio.authToken, url, params),
            },
            body: new URLSearchParams(params).toString(),
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    expect(Object.fromEntries(statuses)).toEqual({ 204: RECORDINGS * DELIVERIES_PER_RECORDING });

    const ids = recordings.map((r) => r.sid);
    await waitFor(
      'every recording to be STORED',
      async () => (await t.prisma.recording.count({ where: { twilioRecordingSid: { in: ids }, status: 'STORED' } })) === RECORDINGS,
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    const rows = await t.prisma.recording.findMany({ where: { twilioRecordingSid: { in: ids } } });
    expect(rows).toHaveLength(RECORDINGS);
    for (const row of rows) {
      const bytes = await storedBytes(t, row.storageKey!);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(row.sha256);
    }
    // Each callback was stored once however often it came: two distinct events per recording.
    const events = await t.prisma.webhookEvent.count({
      where: {
        payload: { path: ['CallSid'], string_starts_with: 'CA' },
        idempotencyKey: { in: ids.flatMap((sid) => [`recording:${sid}:in-progress`, `recording:${sid}:completed`]) },
      },
    });
    expect(events).toBe(RECORDINGS * 2);
    expect(rows.filter((row) => row.attempts > 1).length).toBe(0);
    process.stdout.write(`load: ${deliveries.length} callbacks, ${RECORDINGS} recordings stored once each\n`);
  }, 300_000);
});
