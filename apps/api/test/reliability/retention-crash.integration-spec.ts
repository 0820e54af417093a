import { RetentionSweepService } from '../../src/app/retention/retention-sweep.service';
import { RecordingDeleter } from '../../src/app/recordings/deletion/recording.deleter';
import { RedisService } from '../../src/services/redis/redis.service';
import { startApiProcess, stopProcess } from '../api-process';
import { seedStoredRecordings, storageMismatches } from '../recording-fixtures';
import { api, createUser, startTestApp, TestApp, waitFor } from '../test-app';

describe('retention under concurrency and crashes', () => {
  let t: TestApp;

  beforeAll(async () => {
    // HTTP only here; the sweeps below run in this process on purpose or in a worker process.
    t = await startTestApp({ APP_ROLE: 'api' });
  });
  afterAll(() => t.close());

  async function expiredFor(count: number) {
    const agent = await t.prisma.user.create({
      data: { email: `sweep-${Date.now()}-${count}@test.example`, name: 'Sweep agent', role: 'AGENT', passwordHash: 'x' },
    });
    const policy = await t.prisma.retentionPolicy.create({ data: { name: `Sweep ${agent.id}`, retainDays: 0, agentId: agent.id } });
    const recordings = await seedStoredRecordings(
      t,
      Array.from({ length: count }, (_, i) => ({ agentId: agent.id, daysAgo: 1 + (i % 30) })),
    );
    return { policy, ids: recordings.map((r) => r.id) };
  }

  async function tombstonesPerRecording(ids: string[]): Promise<number[]> {
    const counts = await t.prisma.auditEvent.groupBy({
      by: ['recordingId'],
      where: { action: 'RECORDING_DELETED', recordingId: { in: ids } },
      _count: { _all: true },
    });
    return counts.map((c) => c._count._all);
  }

  it('deletes each recording once when two sweeps start at once', async () => {
    const { policy, ids } = await expiredFor(1200);
    const sweeps = t.app.get(RetentionSweepService);
    const [a, b] = await Promise.all([sweeps.sweep('manual'), sweeps.sweep('manual')]);
    // One sweep holds the cluster lease; the other stands down rather than racing it.
    expect([a, b].filter((run) => run === null)).toHaveLength(1);
    expect((a ?? b)!.deleted).toBe(1200);

    // Without the lease, the per-recording claim still lets exactly one deleter finish each.
    const more = await expiredFor(600);
    const deleter = t.app.get(RecordingDeleter);
    const order = { deletedBy: 'test:race', reason: 'race', actorId: null };
    const race = () => deleter.claim(more.ids, order).then((claimed) => deleter.finish(claimed, order));
    const [first, second] = await Promise.all([race(), race()]);
    expect(first.deleted.length + second.deleted.length).toBe(600);
    expect([...first.failed, ...second.failed]).toEqual([]);

    const all = [...ids, ...more.ids];
    expect(await t.prisma.recording.count({ where: { id: { in: all }, status: 'DELETED' } })).toBe(1800);
    expect(await tombstonesPerRecording(all)).toEqual(Array(1800).fill(1));
    expect(await storageMismatches(t, all)).toEqual([]);
    await t.prisma.retentionPolicy.deleteMany({ where: { id: { in: [policy.id, more.policy.id] } } });
  }, 120_000);

  it('converges after the worker is killed mid-sweep: no file/row mismatch, every recording deleted once', async () => {
    const { policy, ids } = await expiredFor(6000);
    const admin = await createUser(t, 'ADMIN');
    const worker = await startApiProcess(t.config, { APP_ROLE: 'worker' });
    try {
      expect((await api(t, '/api/retention/run', { method: 'POST', token: admin.token })).status).toBe(202);
      await waitFor(
        'the sweep to be under way',
        async () => (await t.prisma.recording.count({ where: { id: { in: ids }, status: 'DELETED' } })) > 0,
        {
          intervalMs: 20,
          timeoutMs: 90_000,
        },
      );
    } finally {
      await stopProcess(worker, 'SIGKILL');
    }
    const midway = await t.prisma.recording.count({ where: { id: { in: ids }, status: 'DELETED' } });
    expect(midway).toBeLessThan(6000);
    expect(await storageMismatches(t, ids)).toEqual([]);

    // The killed sweep's lease would lapse on its own; the test does not wait for it.
    await t.app.get(RedisService).client.del('callrec:retention:sweep-lock');
    const run = await t.app.get(RetentionSweepService).sweep('manual');
    expect(run).not.toBeNull();
    expect(await t.prisma.recording.count({ where: { id: { in: ids }, status: { not: 'DELETED' } } })).toBe(0);
    expect(await storageMismatches(t, ids)).toEqual([]);
    expect(await tombstonesPerRecording(ids)).toEqual(Array(6000).fill(1));
    const verified = await api(t, '/api/audit-events/verify', { token: admin.token });
    expect(verified.body.ok).toBe(true);
    await t.prisma.retentionPolicy.delete({ where: { id: policy.id } });
  }, 180_000);
});
