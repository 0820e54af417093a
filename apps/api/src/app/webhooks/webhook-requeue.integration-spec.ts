import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomBytes } from 'node:crypto';
import { startTestApp, TestApp, waitFor } from '../../../test/test-app';
import { QUEUE } from '../../services/queues/queues.constants';
import { ReconciliationService } from '../recordings/reconcile/reconciliation.service';

const hex = (n: number) => randomBytes(n).toString('hex');
const ago = (ms: number) => new Date(Date.now() - ms);
const HOUR = 3600_000;
/** More than reconciliation requeues in one run. */
const MORE_THAN_A_BATCH = 1200;

describe('reconciliation requeues lost webhook events oldest first, skipping parked ones', () => {
  let t: TestApp;
  let queue: Queue;
  const prefix = `junk:${hex(4)}`;

  beforeAll(async () => {
    // One failure parks an event here, so the junk this test requeues settles at once.
    t = await startTestApp({ WEBHOOK_MAX_ATTEMPTS: '1' });
    queue = t.app.get<Queue>(getQueueToken(QUEUE.webhooks));
  });
  afterAll(async () => {
    await t.prisma.webhookEvent.deleteMany({ where: { idempotencyKey: { startsWith: prefix } } });
    await t.close();
  });

  const junk = (name: string, count: number, fields: { receivedAt: Date; parkedAt?: Date; attempts?: number }) =>
    t.prisma.webhookEvent.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        idempotencyKey: `${prefix}:${name}:${i}`,
        kind: 'call-status',
        payload: { CallSid: `CA${hex(16)}`, CallStatus: 'ringing', SequenceNumber: '1' },
        lastError: fields.parkedAt ? 'No call record has the Twilio SID' : null,
        ...fields,
      })),
    });

  it('reaches a lost event behind more parked junk than one batch and a full batch of newer events', async () => {
    // Written first, so a scan in table order or by receivedAt meets the junk before the lost event.
    await junk('parked', MORE_THAN_A_BATCH, { receivedAt: ago(3 * HOUR), parkedAt: ago(2 * HOUR), attempts: 36 });
    await junk('newer', 1000, { receivedAt: ago(10 * 60_000) });
    const agent = await t.prisma.user.create({
      data: { email: `requeue-${hex(4)}@test.example`, name: 'Requeue', role: 'AGENT', passwordHash: 'x' },
    });
    const callSid = `CA${hex(16)}`;
    const call = await t.prisma.callRecord.create({
      data: { agentId: agent.id, fromNumber: '+15005550006', toNumber: '+14155550100', twilioCallSid: callSid },
    });
    // Stored an hour ago, and its enqueue was lost (Redis was away): only a requeue can apply it.
    const lost = await t.prisma.webhookEvent.create({
      data: {
        idempotencyKey: `${prefix}:lost:call:${callSid}:1:ringing`,
        kind: 'call-status',
        payload: { CallSid: callSid, CallStatus: 'ringing', SequenceNumber: '1' },
        receivedAt: ago(HOUR),
      },
    });

    const summary = await t.app.get(ReconciliationService).run();
    expect(summary.webhooksRequeued).toBeGreaterThan(0);
    await waitFor('the lost event to be applied', async () => (await t.prisma.webhookEvent.findUniqueOrThrow({ where: { id: lost.id } })).processedAt !== null);
    expect((await t.prisma.callRecord.findUniqueOrThrow({ where: { id: call.id } })).status).toBe('ringing');

    // Parked events stay where they are: not one was put back on the queue or tried again.
    const parked = await t.prisma.webhookEvent.findMany({ where: { idempotencyKey: { startsWith: `${prefix}:parked:` } }, select: { id: true, attempts: true } });
    expect(parked.filter((event) => event.attempts !== 36)).toEqual([]);
    const parkedJobs = await Promise.all(parked.slice(0, 50).map((event) => queue.getJob(`webhook:${event.id}`)));
    expect(parkedJobs.filter(Boolean)).toEqual([]);

    // Let the requeued junk settle (each is parked at its one failure) before the next suite.
    await waitFor('the webhook queue to drain', async () => {
      const counts = await queue.getJobCounts();
      return counts.waiting + counts.active + counts.delayed === 0;
    }, { timeoutMs: 60_000 });
  });
});
