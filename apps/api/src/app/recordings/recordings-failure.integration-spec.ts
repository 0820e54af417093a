import { emulator } from '../../../test/emulator-control';
import { api, createUser, startTestApp, waitFor } from '../../../test/test-app';
import { storedExists } from '../../../test/stored-objects';

describe('a recording whose download keeps failing', () => {
  beforeEach(() => emulator.reset());

  it('marks a recording FAILED after the last attempt, and an ADMIN retry then stores it', async () => {
    // Its own file and app: every worker in the process shares the queues, and this test
    // needs the only worker to be one that gives up after two attempts.
    const limited = await startTestApp({ DOWNLOAD_ATTEMPTS: '2', DOWNLOAD_BACKOFF_MS: '100' });
    try {
      const user = await createUser(limited, 'AGENT');
      const admin = await createUser(limited, 'ADMIN');
      await emulator.setNumberFaults('+14155550206', { media500Count: 2 });
      const placed = await api(limited, '/api/calls', { method: 'POST', token: user.token, body: { to: '+14155550206' } });
      await waitFor('answered', async () => (await limited.prisma.callRecord.findUniqueOrThrow({ where: { id: placed.body.id } })).status === 'in_progress');
      await emulator.hangup(placed.body.twilioCallSid, 2);
      const failed = await waitFor('FAILED', async () => {
        const row = await limited.prisma.recording.findFirst({ where: { callRecordId: placed.body.id } });
        return row?.status === 'FAILED' && row;
      });
      expect(failed.lastError).toBe('Twilio failed to serve the media (500)');
      const pipeline = await api(limited, '/api/recordings/pipeline', { token: admin.token });
      expect(pipeline.status).toBe(200);
      expect(pipeline.body.counts.FAILED).toBeGreaterThanOrEqual(1);
      expect(pipeline.body.failed[0]).toMatchObject({
        id: failed.id,
        lastError: 'Twilio failed to serve the media (500)',
        call: { id: placed.body.id, toNumber: '+14155550206', dataListLabel: 'Manual Dial' },
      });
      expect((await api(limited, '/api/recordings/pipeline', { token: user.token })).status).toBe(403);
      expect((await api(limited, `/api/recordings/${failed.id}/retry`, { method: 'POST', token: user.token })).status).toBe(403);
      const retried = await api(limited, `/api/recordings/${failed.id}/retry`, { method: 'POST', token: admin.token });
      expect(retried.status).toBe(200);
      const stored = await waitFor('STORED after retry', async () => {
        const row = await limited.prisma.recording.findUniqueOrThrow({ where: { id: failed.id } });
        return row.status === 'STORED' && row;
      });
      expect(stored.lastError).toBeNull();
      expect(await storedExists(limited, stored.storageKey!)).toBe(true);
      const again = await api(limited, `/api/recordings/${failed.id}/retry`, { method: 'POST', token: admin.token });
      expect(again.status).toBe(409);
    } finally {
      await limited.close();
    }
  });
});

describe('RECORDING_FORMAT=mp3', () => {
  beforeEach(() => emulator.reset());

  it('stores a verified MP3 (duration read from the frames), serves it as audio/mpeg, and explains the missing waveform', async () => {
    const app = await startTestApp({ RECORDING_FORMAT: 'mp3' });
    try {
      const user = await createUser(app, 'AGENT');
      const compliance = await createUser(app, 'COMPLIANCE');
      const placed = await api(app, '/api/calls', { method: 'POST', token: user.token, body: { to: '+14155550501' } });
      await waitFor('answered', async () => (await app.prisma.callRecord.findUniqueOrThrow({ where: { id: placed.body.id } })).status === 'in_progress');
      await emulator.hangup(placed.body.twilioCallSid, 6);
      const stored = await waitFor('the MP3 to be STORED', async () => {
        const row = await app.prisma.recording.findFirst({ where: { callRecordId: placed.body.id } });
        if (row?.status !== 'STORED') throw new Error(`${row?.status}: ${row?.lastError}`);
        return row;
      });
      expect(stored).toMatchObject({ mimeType: 'audio/mpeg', durationSeconds: 6 });
      expect(stored.storageKey).toMatch(/\.mp3$/);
      expect(await storedExists(app, stored.storageKey!)).toBe(true);
      const download = await fetch(`${app.url}/api/recordings/${stored.id}/download`, { headers: { authorization: `Bearer ${compliance.token}` } });
      expect(download.headers.get('content-type')).toBe('audio/mpeg');
      expect(download.headers.get('content-disposition')).toMatch(/\.mp3"$/);
      const peaks = await api(app, `/api/recordings/${stored.id}/peaks`, { token: compliance.token });
      expect(peaks.status).toBe(404);
      expect(peaks.body.message).toMatch(/MP3 recordings are drawn from the audio itself/);
    } finally {
      await app.close();
    }
  });
});
