import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startApiProcess, stopProcess } from '../api-process';
import { emulator } from '../emulator-control';
import { api, createUser, startTestApp, TestApp, waitFor } from '../test-app';
import { storedBytes, storesOnLocalDisk } from '../stored-objects';

// Lock and stalled-check times short enough that a killed worker's job is taken over quickly.
const QUEUE_TIMING = { QUEUE_LOCK_MS: '2000', QUEUE_STALLED_CHECK_MS: '1000' };

describe('a worker killed mid-download', () => {
  let t: TestApp;

  beforeAll(async () => {
    // This process only takes HTTP (calls, webhooks); downloads run in separate worker processes.
    t = await startTestApp({ APP_ROLE: 'api', ...QUEUE_TIMING });
  });
  afterAll(() => t.close());

  it('leaves nothing marked STORED, and a restarted worker stores the recording with the right hash', async () => {
    await emulator.reset();
    const agent = await createUser(t, 'AGENT');
    // A 60-second stereo WAV (~1.9 MB) at 200 kB/s takes about ten seconds to download.
    await emulator.setNumberFaults('+14155550301', { mediaBytesPerSecond: 200_000 });
    const first = await startApiProcess(t.config, { APP_ROLE: 'worker', ...QUEUE_TIMING });
    // Stopped whatever happens: a worker left behind by a failed run keeps taking the queue's
    // jobs into its own recordings directory, and every later suite on this Redis fails with it.
    let second: Awaited<ReturnType<typeof startApiProcess>> | undefined;
    try {
      const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to: '+14155550301' } });
      await waitFor(
        'answered',
        async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: placed.body.id } })).status === 'in_progress',
      );
      await emulator.hangup(placed.body.twilioCallSid, 60);
      const downloading = await waitFor('the download to start', async () => {
        const row = await t.prisma.recording.findFirst({ where: { callRecordId: placed.body.id } });
        return row?.status === 'DOWNLOADING' && row;
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await stopProcess(first, 'SIGKILL');

      const afterKill = await t.prisma.recording.findUniqueOrThrow({ where: { id: downloading.id } });
      expect(afterKill.status).not.toBe('STORED');
      expect(afterKill.sha256).toBeNull();
      // The killed run's partial write is countable on disk only (a bucket's is an open multipart upload).
      if (storesOnLocalDisk(t)) expect(readdirSync(join(t.config.recordingsDir, '.incoming')).length).toBeGreaterThan(0);

      await emulator.setNumberFaults('+14155550301', {});
      const restarted = await startApiProcess(t.config, { APP_ROLE: 'worker', ...QUEUE_TIMING });
      second = restarted;
      const stored = await waitFor(
        'STORED by the restarted worker',
        async () => {
          const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: downloading.id } });
          return row.status === 'STORED' && row;
        },
        { timeoutMs: 60_000 },
      ).catch(async (error: Error) => {
        const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: downloading.id } });
        throw new Error(`${error.message}\nrow: ${JSON.stringify(row)}\nworker output:\n${restarted.output().slice(-3000)}`);
      });
      const file = await storedBytes(t, stored.storageKey!);
      expect(createHash('sha256').update(file).digest('hex')).toBe(stored.sha256);
      expect(stored.durationSeconds).toBe(60);
      expect(stored.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await stopProcess(first, 'SIGKILL');
      if (second) await stopProcess(second);
    }
  }, 120_000);
});
