import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomBytes } from 'node:crypto';
import { startTestApp, TestApp } from '../../../test/test-app';
import { QUEUE } from '../../services/queues/queues.constants';
import { WebhooksService } from './webhooks.service';

const hex = (n: number) => randomBytes(n).toString('hex');
const ago = (ms: number) => new Date(Date.now() - ms);
const HOUR = 3600_000;
/** More than one requeue puts back in one run. */
const MORE_THAN_A_BATCH = 1200;

describe('the requeue beside each reconciliation puts lost webhook events back oldest first, skipping parked ones', () => {
  let t: TestApp;
  let queue: Queue;
  const prefix = `junk:${hex(4)}`;

  beforeAll(async () => {
    // No worker: what a requeue puts on the queue stays there to be looked at, and a thousand
    // junk events are not worked through (which is not what this test is about).
    t = await startTestApp({ APP_ROLE: 'api' });
    queue = t.app.get<Queue>(getQueueToken(QUEUE.webhooks));
  });
  afterAll(async () => {
    // The jobs this test put on the queue would otherwise wait for the next suite's workers.
    await queue.empty();
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
    // Hours old, so they are older than whatever earlier suites left unprocessed: the batch is ours.
    await junk('parked', MORE_THAN_A_BATCH, { receivedAt: ago(5 * HOUR), parkedAt: ago(4 * HOUR), attempts: 36 });
    await junk('newer', 1000, { receivedAt: ago(3 * HOUR) });
    const callSid = `CA${hex(16)}`;
    // Stored four hours ago, and its enqueue was lost (Redis was away): only a requeue can apply it.
    // (Whether a queued event then applies is the processor's business, tested elsewhere.)
    const lost = await t.prisma.webhookEvent.create({
      data: {
        idempotencyKey: `${prefix}:lost:call:${callSid}:1:ringing`,
        kind: 'call-status',
        payload: { CallSid: callSid, CallStatus: 'ringing', SequenceNumber: '1' },
        receivedAt: ago(4 * HOUR),
      },
    });

    expect(await t.app.get(WebhooksService).requeueLost()).toBe(1000);
    const lostJob = await queue.getJob(`webhook:${lost.id}`);
    expect(await lostJob?.getState()).toBe('waiting');
    expect(lostJob?.data).toEqual({ webhookEventId: lost.id });

    // The rest of the batch is the oldest of the newer events; parked ones took no place in it.
    const newer = await t.prisma.webhookEvent.findMany({
      where: { idempotencyKey: { startsWith: `${prefix}:newer:` } },
      select: { id: true },
    });
    const newerQueued = (await Promise.all(newer.map((event) => queue.getJob(`webhook:${event.id}`)))).filter(Boolean);
    expect(newerQueued).toHaveLength(999);
    const parked = await t.prisma.webhookEvent.findMany({
      where: { idempotencyKey: { startsWith: `${prefix}:parked:` } },
      select: { id: true },
    });
    const parkedQueued = (await Promise.all(parked.map((event) => queue.getJob(`webhook:${event.id}`)))).filter(Boolean);
    expect(parkedQueued).toEqual([]);
  });
});
