import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { randomBytes } from 'node:crypto';
import { startTestApp, TestApp } from '../../../test/test-app';
import { JOB, PRUNE_WEBHOOK_EVENTS_JOB_OPTIONS, QUEUE } from '../../services/queues/queues.constants';
import { WebhookEventPruner } from './webhook-event.pruner';

const hex = (n: number) => randomBytes(n).toString('hex');
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describe('processed webhook events are pruned after WEBHOOK_EVENT_RETENTION_DAYS', () => {
  let t: TestApp;
  const prefix = `prune:${hex(4)}`;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_EVENT_RETENTION_DAYS: '30' });
  });
  afterAll(async () => {
    await t.prisma.webhookEvent.deleteMany({ where: { idempotencyKey: { startsWith: prefix } } });
    await t.close();
  });

  async function event(name: string, fields: { receivedAt: Date; processedAt?: Date; parkedAt?: Date }): Promise<string> {
    const row = await t.prisma.webhookEvent.create({
      data: {
        idempotencyKey: `${prefix}:${name}`,
        kind: 'call-status',
        payload: { CallSid: `CA${hex(16)}`, CallStatus: 'completed' },
        ...fields,
      },
    });
    return row.id;
  }
  const remaining = async (ids: string[]) =>
    (await t.prisma.webhookEvent.findMany({ where: { id: { in: ids } }, select: { idempotencyKey: true } }))
      .map((row) => row.idempotencyKey)
      .sort();

  it('deletes processed events older than the retention in batches, and keeps newer, unprocessed and parked ones', async () => {
    const old = [];
    for (let i = 0; i < 5; i += 1) old.push(await event(`old-${i}`, { receivedAt: daysAgo(32 + i), processedAt: daysAgo(31 + i) }));
    const kept = [
      await event('recent', { receivedAt: daysAgo(29), processedAt: daysAgo(29) }),
      await event('never-applied', { receivedAt: daysAgo(60) }),
      await event('parked', { receivedAt: daysAgo(60), parkedAt: daysAgo(59) }),
    ];

    // Batches of two: five old events take three statements, each short.
    expect(await t.app.get(WebhookEventPruner).prune(2)).toBe(5);

    expect(await remaining(old)).toEqual([]);
    expect(await remaining(kept)).toEqual([`${prefix}:never-applied`, `${prefix}:parked`, `${prefix}:recent`]);
  });

  it('runs as a maintenance job', async () => {
    const id = await event('job-old', { receivedAt: daysAgo(45), processedAt: daysAgo(45) });
    const queue = t.app.get<Queue>(getQueueToken(QUEUE.maintenance));
    const job = await queue.add(JOB.pruneWebhookEvents, {}, { ...PRUNE_WEBHOOK_EVENTS_JOB_OPTIONS, jobId: `prune-test:${hex(4)}` });
    expect(await job.finished()).toEqual({ deleted: 1 });
    expect(await remaining([id])).toEqual([]);
  });
});
