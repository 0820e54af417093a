import { createHash } from 'node:crypto';
import { EMULATOR_URL } from '../../../test/emulator-process';
import { emulator } from '../../../test/emulator-control';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { storedBytes } from '../../../test/stored-objects';

describe('recordings: capture, verify, store and serve', () => {
  let t: TestApp;
  let agent: TestUser;
  let compliance: TestUser;
  let supervisor: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ DOWNLOAD_BACKOFF_MS: '200', DOWNLOAD_BACKOFF_MAX_MS: '1000' });
    agent = await createUser(t, 'AGENT', 'Dana Dialer');
    compliance = await createUser(t, 'COMPLIANCE');
    supervisor = await createUser(t, 'SUPERVISOR');
  });
  beforeEach(() => emulator.reset());
  afterAll(() => t.close());

  async function recordedCall(to: string, seconds: number, dataListId?: string) {
    const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to, ...(dataListId ? { dataListId } : {}) } });
    expect(placed.status).toBe(201);
    await waitFor('answered', async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: placed.body.id } })).status === 'in_progress');
    await emulator.hangup(placed.body.twilioCallSid, seconds);
    return placed.body as { id: string; twilioCallSid: string };
  }

  async function storedRecording(callId: string, timeoutMs = 30000) {
    return waitFor(
      'the recording to be STORED',
      async () => {
        const recording = await t.prisma.recording.findFirst({ where: { callRecordId: callId } });
        if (recording?.status === 'FAILED') throw new Error(`FAILED: ${recording.lastError}`);
        return recording?.status === 'STORED' && recording;
      },
      { timeoutMs },
    );
  }

  async function mediaFromEmulator(recordingSid: string): Promise<Buffer> {
    const { accountSid, authToken } = t.config.twilio;
    const response = await fetch(`${EMULATOR_URL}/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}.wav?RequestedChannels=2`, {
      headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` },
    });
    return Buffer.from(await response.arrayBuffer());
  }

  async function bytes(path: string, headers: Record<string, string> = {}, token = compliance.token) {
    const response = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  }

  it('stores a verified dual-channel WAV whose bytes hash to the stored sha256 and match Twilio\'s', async () => {
    const call = await recordedCall('+14155550201', 7);
    const recording = await storedRecording(call.id);
    expect(recording).toMatchObject({ channels: 2, durationSeconds: 7, mimeType: 'audio/wav', twilioDuration: 7 });
    expect(recording.storageKey).toMatch(new RegExp(`^\\d{4}/\\d{2}/\\d{2}/${recording.twilioRecordingSid}\\.wav$`));
    const onDisk = await storedBytes(t, recording.storageKey!);
    expect(createHash('sha256').update(onDisk).digest('hex')).toBe(recording.sha256);
    expect(onDisk.length).toBe(recording.sizeBytes);
    expect(onDisk.equals(await mediaFromEmulator(recording.twilioRecordingSid))).toBe(true);

    const download = await bytes(`/api/recordings/${recording.id}/download`);
    expect(download.response.status).toBe(200);
    expect(createHash('sha256').update(download.body).digest('hex')).toBe(recording.sha256);
    expect(download.response.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="\\d{4}-\\d{2}-\\d{2}_Dana-Dialer_14155550201_${recording.twilioRecordingSid}\\.wav"$`),
    );

    const peaks = await api(t, `/api/recordings/${recording.id}/peaks`, { token: supervisor.token });
    expect(peaks.status).toBe(200);
    expect(peaks.body.channels).toHaveLength(2);
    expect(peaks.body.durationSeconds).toBe(7);
    const energy = (channel: number[]) => channel.reduce((sum, v) => sum + v, 0);
    expect(energy(peaks.body.channels[0])).toBeGreaterThan(0);
    // Two channels, two voices: their waveforms differ (their total energies may happen to be close).
    expect(energy(peaks.body.channels[1])).toBeGreaterThan(0);
    expect(peaks.body.channels[0]).not.toEqual(peaks.body.channels[1]);

    const metadata = await api(t, `/api/recordings/${recording.id}/metadata`, { token: compliance.token });
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({
      status: 'STORED',
      sha256: recording.sha256,
      sizeBytes: recording.sizeBytes,
      channels: 2,
      call: { id: call.id, agent: { name: 'Dana Dialer' }, dataListLabel: 'Manual Dial' },
    });
    expect(metadata.body).not.toHaveProperty('storageKey');
  });

  it('pushes call.updated and recording.stored to an authenticated event stream', async () => {
    expect((await fetch(`${t.url}/api/events`)).status).toBe(401);
    expect((await api(t, '/api/events/ticket', { method: 'POST', token: agent.token })).status).toBe(403);
    const { ticket } = (await api(t, '/api/events/ticket', { method: 'POST', token: compliance.token })).body;
    const controller = new AbortController();
    const response = await fetch(`${t.url}/api/events?ticket=${ticket}`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    const call = await recordedCall('+14155550208', 2);
    try {
      await waitFor('the recording.stored event', async () => {
        const { value } = await reader.read();
        text += new TextDecoder().decode(value);
        return text.includes('event: recording.stored') && text.includes(call.id);
      });
    } finally {
      controller.abort();
    }
    expect(text).toContain('event: call.updated');
  });

  describe('range requests, compared byte for byte with the file', () => {
    let file: Buffer;
    let path: string;
    let etag: string;

    beforeAll(async () => {
      const call = await recordedCall('+14155550202', 3);
      const recording = await storedRecording(call.id);
      file = await storedBytes(t, recording.storageKey!);
      path = `/api/recordings/${recording.id}/stream`;
      etag = `"${recording.sha256}"`;
    });

    it.each([
      ['first byte', 'bytes=0-0', (size: number) => [0, 0, size]],
      ['last byte', 'bytes=-1', (size: number) => [size - 1, size - 1, size]],
      ['middle', 'bytes=1000-5999', (size: number) => [1000, 5999, size]],
      ['suffix', 'bytes=-4096', (size: number) => [size - 4096, size - 1, size]],
      ['open-ended', 'bytes=40000-', (size: number) => [40000, size - 1, size]],
      ['past the end', 'bytes=100-999999999', (size: number) => [100, size - 1, size]],
    ])('%s (%s) → 206 with exactly those bytes', async (_name, range, expected) => {
      const [start, end, size] = expected(file.length);
      const { response, body } = await bytes(path, { range });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.headers.get('content-type')).toBe('audio/wav');
      expect(body.equals(file.subarray(start, end + 1))).toBe(true);
    });

    it('answers an unsatisfiable range with 416 and bytes */size', async () => {
      const { response } = await bytes(path, { range: `bytes=${file.length}-` });
      expect(response.status).toBe(416);
      expect(response.headers.get('content-range')).toBe(`bytes */${file.length}`);
    });

    it('sends the whole file when If-Range names a stale ETag, and the range when it is current', async () => {
      const stale = await bytes(path, { range: 'bytes=0-9', 'if-range': '"0000"' });
      expect(stale.response.status).toBe(200);
      expect(stale.body.equals(file)).toBe(true);
      const current = await bytes(path, { range: 'bytes=0-9', 'if-range': etag });
      expect(current.response.status).toBe(206);
      expect(current.body.equals(file.subarray(0, 10))).toBe(true);
    });

    it('answers HEAD with the headers and no body, and a plain GET with the whole file and its ETag', async () => {
      const head = await fetch(`${t.url}${path}`, { method: 'HEAD', headers: { authorization: `Bearer ${compliance.token}` } });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(file.length));
      expect(head.headers.get('etag')).toBe(etag);
      expect((await head.arrayBuffer()).byteLength).toBe(0);
      const full = await bytes(path);
      expect(full.response.status).toBe(200);
      expect(full.response.headers.get('etag')).toBe(etag);
      expect(full.body.equals(file)).toBe(true);
    });
  });

  it('lets COMPLIANCE stream and download with a media token, refuses missing, bad and expired tokens, and audits it all', async () => {
    const call = await recordedCall('+14155550203', 2);
    const recording = await storedRecording(call.id);
    const minted = await api(t, `/api/recordings/${recording.id}/media-token`, { method: 'POST', token: compliance.token });
    expect(minted.status).toBe(200);
    const streamed = await fetch(`${t.url}${minted.body.streamUrl}`, { headers: { range: 'bytes=0-99' } });
    expect(streamed.status).toBe(206);
    await fetch(`${t.url}${minted.body.streamUrl}`, { headers: { range: 'bytes=100-199' } });
    expect((await fetch(`${t.url}${minted.body.downloadUrl}`)).status).toBe(200);

    expect((await fetch(`${t.url}/api/recordings/${recording.id}/stream`)).status).toBe(401);
    expect((await fetch(`${t.url}/api/recordings/${recording.id}/stream?token=not-a-token`)).status).toBe(401);
    const otherRecording = await fetch(`${t.url}/api/recordings/00000000-0000-4000-8000-000000000000/stream?token=${minted.body.token}`);
    expect(otherRecording.status).toBe(401);

    const shortLived = await startTestApp({ APP_ROLE: 'api', MEDIA_TOKEN_TTL_SECONDS: '10' });
    try {
      const token = await api(shortLived, `/api/recordings/${recording.id}/media-token`, {
        method: 'POST',
        token: (await createUser(shortLived, 'COMPLIANCE')).token,
      });
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      const expired = await fetch(`${shortLived.url}${token.body.streamUrl}`);
      expect(expired.status).toBe(401);
      expect(((await expired.json()) as { message: string }).message).toBe('Token has expired; sign in again');
    } finally {
      await shortLived.close();
    }

    const supervisorDownload = await fetch(`${t.url}/api/recordings/${recording.id}/download`, {
      headers: { authorization: `Bearer ${supervisor.token}` },
    });
    expect(supervisorDownload.status).toBe(403);

    const events = await t.prisma.auditEvent.findMany({ where: { recordingId: recording.id }, orderBy: { seq: 'asc' } });
    const actions = events.map((e) => e.action);
    expect(actions.filter((a) => a === 'RECORDING_PLAYED')).toHaveLength(1);
    expect(actions).toContain('RECORDING_DOWNLOADED');
    // The supervisor's 403 is a row of its own; refusals without a valid token are counted per
    // address and minute and written as one digest once the minute closes (test/reliability/audit-flood).
    expect(events.filter((e) => e.action === 'ACCESS_DENIED').map((e) => e.actorId)).toEqual([supervisor.id]);
    const played = events.find((e) => e.action === 'RECORDING_PLAYED')!;
    expect(played).toMatchObject({ actorId: compliance.id, ip: expect.any(String), userAgent: expect.any(String) });
  }, 60_000);

  it('still stores exactly once when media is 404 for a while, then answers 500, and callbacks repeat', async () => {
    await emulator.setNumberFaults('+14155550204', { media404Seconds: 1, media500Count: 2, duplicateCallbacks: 2 });
    const call = await recordedCall('+14155550204', 4);
    const recording = await storedRecording(call.id);
    expect(recording.attempts).toBeGreaterThanOrEqual(2);
    expect(await t.prisma.recording.count({ where: { callRecordId: call.id } })).toBe(1);
    const onDisk = await storedBytes(t, recording.storageKey!);
    expect(createHash('sha256').update(onDisk).digest('hex')).toBe(recording.sha256);
  });

  it('finds a recording whose callbacks were all lost through reconciliation, and stores it', async () => {
    await emulator.setNumberFaults('+14155550207', { dropCallbacks: ['recording:in-progress', 'recording:completed'] });
    const call = await recordedCall('+14155550207', 5);
    await waitFor('the call to complete', async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: call.id } })).status === 'completed');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await t.prisma.recording.count({ where: { callRecordId: call.id } })).toBe(0);

    const admin = await createUser(t, 'ADMIN');
    expect((await api(t, '/api/recordings/reconcile', { method: 'POST', token: compliance.token })).status).toBe(403);
    const started = await api(t, '/api/recordings/reconcile', { method: 'POST', token: admin.token });
    expect(started.status).toBe(202);
    const recording = await storedRecording(call.id);
    expect(recording).toMatchObject({ durationSeconds: 5, channels: 2, twilioDuration: 5 });
  });

  it('marks a too-short recording ABSENT with Twilio\'s error code and downloads nothing', async () => {
    await emulator.setNumberFaults('+14155550205', { recordingAbsent: true });
    const call = await recordedCall('+14155550205', 3);
    const recording = await waitFor('ABSENT', async () => {
      const row = await t.prisma.recording.findFirst({ where: { callRecordId: call.id } });
      return row?.status === 'ABSENT' && row;
    });
    expect(recording.errorCode).toBe(16101);
    expect(recording.lastError).toBe('Twilio reports the recording absent (error 16101: the call was too short to record)');
    expect(recording.storageKey).toBeNull();
    const stream = await api(t, `/api/recordings/${recording.id}/stream`, { token: compliance.token });
    expect(stream.status).toBe(409);
  });

});
