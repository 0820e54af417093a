import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryLogEntry } from '../store/state';
import { AGENT, Harness, randomNumber } from '../testing/harness';
import { bySequence } from '../testing/callback-receiver';
import { sleep, waitFor } from '../testing/http-helpers';

const enc = encodeURIComponent;

describe('fault injection and the control API', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());
  afterEach(() => h.reset());

  const log = async (callSid: string) => (await h.control<DeliveryLogEntry[]>('GET', `/callbacks?callSid=${callSid}`)).json;
  const setNumberFaults = async (to: string, faults: Record<string, unknown>) =>
    expect((await h.control('PUT', `/numbers/${enc(to)}`, faults)).status).toBe(200);
  const recordingCallback = (callSid: string, status: string) =>
    waitFor(
      () => h.receiver.forCall(callSid, '/recording').find((c) => c.params['RecordingStatus'] === status),
      `recording ${status} callback`,
    );

  it('drops the selected callbacks and logs them, leaving a gap in SequenceNumber', async () => {
    const to = randomNumber();
    await setNumberFaults(to, { dropCallbacks: ['call:ringing', 'recording:in-progress'] });
    const { call } = await h.recordedCall(2, { to });
    await recordingCallback(call.sid, 'completed');
    await waitFor(() => h.receiver.forCall(call.sid, '/status').length === 3, 'three status callbacks');
    const statuses = bySequence(h.receiver.forCall(call.sid, '/status')).map((c) => [c.params['CallStatus'], c.params['SequenceNumber']]);
    expect(statuses).toEqual([
      ['initiated', '0'],
      ['in-progress', '2'],
      ['completed', '3'],
    ]);
    expect(h.receiver.forCall(call.sid, '/recording').map((c) => c.params['RecordingStatus'])).toEqual(['completed']);
    const dropped = (await log(call.sid)).filter((e) => e.dropped).map((e) => `${e.kind}:${e.event}`);
    expect(dropped.sort()).toEqual(['call:ringing', 'recording:in-progress']);
  });

  it('drops everything with the wildcard, and per-call faults apply to a live call', async () => {
    const call = await h.placeCall();
    // initiated, ringing, answered and recording in-progress have all been delivered
    await waitFor(() => h.receiver.forCall(call.sid).length === 4, 'the callbacks up to the answer');
    const put = await h.control<{ effective: Record<string, unknown> }>('PUT', `/calls/${call.sid}/faults`, { dropCallbacks: ['*'] });
    expect(put.json.effective).toEqual({ dropCallbacks: ['*'] });
    await h.client.calls(call.sid).update({ status: 'completed' });
    const [rec] = await h.client.recordings.list({ callSid: call.sid });
    await h.waitForRecordingStatus(rec.sid, 'absent'); // answered for < 1 s
    await sleep(100);
    expect(h.receiver.forCall(call.sid)).toHaveLength(4);
    expect((await log(call.sid)).filter((e) => e.dropped).map((e) => e.event)).toEqual(['completed', 'absent']);
  });

  it('duplicates each callback with the same params, signature and idempotency token', async () => {
    await h.control('PUT', '/config', { faults: { duplicateCallbacks: 2 } });
    const { call } = await h.recordedCall(2);
    await waitFor(() => h.receiver.forCall(call.sid, '/recording').length === 6, 'three copies of both recording callbacks');
    await waitFor(() => h.receiver.forCall(call.sid, '/status').length === 12, 'three copies of four status callbacks');
    const completed = h.receiver.forCall(call.sid, '/recording').filter((c) => c.params['RecordingStatus'] === 'completed');
    expect(completed).toHaveLength(3);
    for (const copy of completed.slice(1)) {
      expect(copy.params).toEqual(completed[0].params);
      expect(copy.headers['x-twilio-signature']).toBe(completed[0].headers['x-twilio-signature']);
      expect(copy.headers['i-twilio-idempotency-token']).toBe(completed[0].headers['i-twilio-idempotency-token']);
    }
    const copies = (await log(call.sid)).filter((e) => e.kind === 'recording' && e.event === 'completed').map((e) => e.copy);
    expect(copies).toEqual([0, 1, 2]);
  });

  it('delays callbacks by delayCallbacksMs after they were generated', async () => {
    const to = randomNumber();
    await setNumberFaults(to, { delayCallbacksMs: 400 });
    const { call } = await h.recordedCall(2, { to });
    await recordingCallback(call.sid, 'completed');
    const entries = await waitFor(async () => {
      const l = await log(call.sid);
      return l.length === 6 && l;
    }, 'six deliveries in the log');
    // Node timers may fire a millisecond early relative to Date.now(), hence the small allowance.
    for (const e of entries) expect(Date.parse(e.at) - Date.parse(e.generatedAt)).toBeGreaterThanOrEqual(395);
  });

  it('holds callbacks until the recording is final, then delivers them newest first', async () => {
    const to = randomNumber();
    await setNumberFaults(to, { reorderCallbacks: true });
    const call = await h.placeCall({ to });
    await h.waitForCallStatus(call.sid, 'in-progress');
    await sleep(50);
    expect(h.receiver.forCall(call.sid)).toHaveLength(0);
    await h.control('POST', `/calls/${call.sid}/hangup`, { durationSeconds: 2 });
    await waitFor(() => h.receiver.forCall(call.sid).length === 6, 'all six callbacks');
    const order = h.receiver.forCall(call.sid).map((c) => `${c.path}:${c.params['RecordingStatus'] ?? c.params['CallStatus']}`);
    expect(order).toEqual([
      '/recording:completed',
      '/status:completed',
      '/recording:in-progress',
      '/status:in-progress',
      '/status:ringing',
      '/status:initiated',
    ]);
    const seq = h.receiver.forCall(call.sid, '/status').map((c) => Number(c.params['SequenceNumber']));
    expect(seq).toEqual([3, 2, 1, 0]);
  });

  it('answers media 404 for media404Seconds after completion, then serves it', async () => {
    const to = randomNumber();
    await setNumberFaults(to, { media404Seconds: 1 });
    const { recording } = await h.recordedCall(2, { to });
    expect(recording.status).toBe('completed');
    expect((await h.media(recording.sid)).status).toBe(404);
    const ok = await waitFor(async () => {
      const res = await h.media(recording.sid);
      return res.status === 200 && res;
    }, 'media to become available');
    expect(ok.body.length).toBe(44 + 2 * 8000 * 2);
  });

  it('answers the first media500Count media requests of each recording with 500', async () => {
    const to = randomNumber();
    await setNumberFaults(to, { media500Count: 2 });
    const { recording } = await h.recordedCall(2, { to });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.media(recording.sid, i === 1 ? '.mp3' : '.wav')).status);
    expect(statuses).toEqual([500, 500, 200]);
    const other = await h.recordedCall(2, { to });
    expect((await h.media(other.recording.sid)).status).toBe(500);
  });

  it('throttles media to mediaBytesPerSecond without corrupting it', async () => {
    const to = randomNumber();
    const { call, recording } = await h.recordedCall(1, { to });
    const fast = await h.media(recording.sid);
    await h.control('PUT', `/calls/${call.sid}/faults`, { mediaBytesPerSecond: 16_000 });
    const started = Date.now();
    const slow = await h.media(recording.sid);
    // 16 044 bytes at 16 000 B/s cannot arrive in much under a second (a lower bound, never flaky)
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(slow.body.equals(fast.body)).toBe(true);
  });

  it('marks recordings absent (16101) by fault or when too short; sends `absent` only if subscribed', async () => {
    const to = randomNumber();
    await setNumberFaults(to, { recordingAbsent: true });
    const call = await h.placeCall({ to });
    const hung = await h.control<{ recordingSid: string }>('POST', `/calls/${call.sid}/hangup`, { durationSeconds: 5 });
    const absent = await recordingCallback(call.sid, 'absent');
    expect(absent.params).toMatchObject({ RecordingStatus: 'absent', ErrorCode: '16101', RecordingSid: hung.json.recordingSid });
    const rec = await h.client.recordings(hung.json.recordingSid).fetch();
    expect(rec).toMatchObject({ status: 'absent', errorCode: 16101 });
    expect((await h.media(rec.sid)).status).toBe(404);

    const short = await h.placeCall({ recordingStatusCallbackEvent: ['completed'] });
    const shortHangup = await h.control<{ recordingSid: string }>('POST', `/calls/${short.sid}/hangup`, { durationSeconds: 0.4 });
    await h.waitForRecordingStatus(shortHangup.json.recordingSid, 'absent');
    await sleep(100);
    expect(h.receiver.forCall(short.sid, '/recording')).toHaveLength(0);
    expect((await log(short.sid)).filter((e) => e.kind === 'recording')).toHaveLength(0);
  });

  it('makes calls to a number busy / no-answer / failed, never answered or recorded', async () => {
    for (const outcome of ['busy', 'no-answer', 'failed'] as const) {
      const to = randomNumber();
      await setNumberFaults(to, { outcome });
      const call = await h.placeCall({ to });
      const ended = await h.waitForCallStatus(call.sid, outcome);
      expect(ended).toMatchObject({ duration: '0' });
      const completed = await waitFor(
        () => h.receiver.forCall(call.sid, '/status').find((c) => c.params['CallStatus'] === outcome),
        `${outcome} callback`,
      );
      expect(completed.params).toMatchObject({ CallDuration: '0' });
      expect(completed.params['RecordingSid']).toBeUndefined();
      const events = h.receiver.forCall(call.sid, '/status').map((c) => c.params['CallStatus']);
      expect(events).not.toContain('in-progress');
      expect(await h.client.calls(call.sid).recordings.list()).toHaveLength(0);
    }
    const busyNumber = '+15005550002';
    await setNumberFaults(busyNumber, { outcome: 'busy' });
    expect((await h.control('GET', '/numbers')).json).toMatchObject({ [busyNumber]: { outcome: 'busy' } });
    await h.waitForCallStatus((await h.placeCall({ to: busyNumber })).sid, 'busy');
    expect((await h.control('DELETE', `/numbers/${enc(busyNumber)}`)).status).toBe(200);
    await h.waitForCallStatus((await h.placeCall({ to: busyNumber })).sid, 'in-progress');
  });

  it('creates the call but loses the answer with createCallResponse: a cut connection or a 500', async () => {
    for (const createCallResponse of ['reset', 'error'] as const) {
      const to = randomNumber();
      await setNumberFaults(to, { createCallResponse });
      const failure = await h.placeCall({ to, statusCallback: h.receiver.url('/status?ours=1') }).then(
        () => null,
        (error: { status?: number; code?: string }) => error,
      );
      expect(failure).not.toBeNull();
      if (createCallResponse === 'error') expect(failure).toMatchObject({ status: 500 });
      // Twilio placed it all the same, and its callbacks come to the URL given, query and all.
      const [call] = await h.client.calls.list({ to });
      expect(call).toBeDefined();
      await h.waitForCallStatus(call.sid, 'in-progress');
      const callback = await waitFor(() => h.receiver.forCall(call.sid, '/status')[0], 'a status callback');
      expect(callback.url).toBe(h.receiver.url('/status?ours=1'));
    }
  });

  it('retries once after a connection failure or a timeout, never after an HTTP error', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    await h.control('PUT', '/config', { timing: { callbackTimeoutMs: 300 } });
    h.receiver.replyFor = (path) => (path === '/hang' ? 'hang' : path === '/fail' ? { status: 503 } : { status: 204 });
    const create = (statusCallback: string) =>
      h.client.calls.create({
        to: randomNumber(),
        from: AGENT,
        url: 'https://example.com/t',
        statusCallback,
        statusCallbackEvent: ['initiated'],
      });

    const refused = await create(`http://127.0.0.1:${closedPort}/status`);
    const hanging = await create(h.receiver.url('/hang'));
    const failing = await create(h.receiver.url('/fail'));

    const refusedLog = await waitFor(async () => {
      const l = await log(refused.sid);
      return l.length === 2 && l;
    }, 'two attempts to a closed port');
    expect(refusedLog.map((e) => [e.attempt, typeof e.error])).toEqual([
      [1, 'string'],
      [2, 'string'],
    ]);

    const hangLog = await waitFor(async () => {
      const l = await log(hanging.sid);
      return l.length === 2 && l;
    }, 'two timed-out attempts');
    expect(hangLog.map((e) => e.error)).toEqual([expect.stringMatching(/timed out/), expect.stringMatching(/timed out/)]);
    const hangRequests = h.receiver.forCall(hanging.sid);
    expect(hangRequests).toHaveLength(2);
    expect(hangRequests[1].headers['i-twilio-idempotency-token']).toBe(hangRequests[0].headers['i-twilio-idempotency-token']);

    await waitFor(async () => (await log(failing.sid)).length === 1, 'one attempt');
    await sleep(200);
    expect(await log(failing.sid)).toEqual([expect.objectContaining({ attempt: 1, httpStatus: 503 })]);
    expect(h.receiver.forCall(failing.sid)).toHaveLength(1);
  });

  it('answers the control API with clear JSON, including bad input', async () => {
    expect((await h.control('GET', '/health')).json).toEqual({ ok: true, accountSid: expect.stringMatching(/^AC/) });

    const initial = (await h.control<{ timing: Record<string, number> }>('GET', '/config')).json;
    expect(initial.timing).toMatchObject({
      ringDelayMs: 20,
      answerDelayMs: 40,
      recordingProcessingMs: 40,
      minRecordingSeconds: 1,
      maxCallSeconds: 3600,
    });
    const merged = await h.control('PUT', '/config', { timing: { maxCallSeconds: 10 }, faults: { outcome: 'failed', media500Count: 1 } });
    expect(merged.json).toMatchObject({ timing: { ringDelayMs: 20, maxCallSeconds: 10 }, faults: { outcome: 'failed', media500Count: 1 } });
    const cleared = await h.control('PUT', '/config', { faults: { outcome: null } });
    expect(cleared.json['faults']).toEqual({ media500Count: 1 });
    await h.control('PUT', '/config', { faults: { outcome: 'failed' } });
    const failed = await h.placeCall();
    await h.waitForCallStatus(failed.sid, 'failed');
    expect((await h.control('DELETE', '/config')).json).toEqual({ timing: initial.timing, faults: {} });

    const bad: [string, string, unknown, number][] = [
      ['PUT', '/config', { faults: { dropCallback: ['*'] } }, 400],
      ['PUT', '/config', { timing: { ringDelayMs: -5 } }, 400],
      ['PUT', '/config', { timeing: {} }, 400],
      ['PUT', '/config', '{not json', 400],
      ['PUT', `/numbers/${enc('5551234')}`, { outcome: 'busy' }, 400],
      ['PUT', `/numbers/${enc('+15551234567')}`, { outcome: 'hung-up' }, 400],
      ['PUT', '/calls/CAunknown/faults', {}, 404],
      ['POST', `/calls/${failed.sid}/hangup`, { durationSeconds: 'ten' }, 400],
      ['DELETE', `/numbers/${enc('+15551234567')}`, undefined, 404],
    ];
    for (const [method, path, body, status] of bad) {
      const res = await h.control<{ message: string }>(method, path, body);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.json.message).toEqual(expect.any(String));
    }
    const unknown = await h.control('GET', '/nothing-here');
    expect(unknown).toMatchObject({ status: 404, json: { code: 20404, status: 404 } });
  });

  it('resets calls, recordings, the delivery log and faults', async () => {
    const to = randomNumber();
    await setNumberFaults(to, { outcome: 'busy' });
    const { call } = await h.recordedCall(2);
    await recordingCallback(call.sid, 'completed');
    expect((await h.control<unknown[]>('GET', '/callbacks')).json.length).toBeGreaterThan(0);
    await h.control('POST', '/reset');
    expect(await h.client.calls.list()).toHaveLength(0);
    expect(await h.client.recordings.list()).toHaveLength(0);
    expect((await h.control('GET', '/callbacks')).json).toEqual([]);
    expect((await h.control('GET', '/numbers')).json).toEqual({});
  });
});
