import twilio from 'twilio';
import { ACCOUNT_SID, AGENT, AUTH_TOKEN, Harness, randomNumber } from '../testing/harness';
import { basicAuthHeader, sleep, waitFor } from '../testing/http-helpers';
import { emulatorClient } from '../testing/twilio-client';
import { bySequence, type ReceivedCallback } from '../testing/callback-receiver';

const RFC2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

function expectSigned(cb: ReceivedCallback): void {
  const signature = cb.headers['x-twilio-signature'];
  expect(typeof signature).toBe('string');
  expect(twilio.validateRequest(AUTH_TOKEN, signature as string, cb.url, cb.signedParams)).toBe(true);
  expect(twilio.validateRequest('0'.repeat(32), signature as string, cb.url, cb.signedParams)).toBe(false);
  expect(cb.headers['user-agent']).toBe('TwilioProxy/1.1');
  expect(cb.headers['i-twilio-idempotency-token']).toEqual(expect.any(String));
}

async function restError(promise: Promise<unknown>): Promise<{ status: number; code: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(twilio.RestException);
    const e = err as InstanceType<typeof twilio.RestException>;
    return { status: e.status, code: e.code as number, message: e.message };
  }
  throw new Error('expected a RestException');
}

describe('calls through the real twilio client', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());
  afterEach(() => h.reset());

  it('walks a recorded call queued → ringing → in-progress → completed and signs every callback', async () => {
    const to = randomNumber();
    const call = await h.placeCall({ to, recordingChannels: 'dual' });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call).toMatchObject({
      status: 'queued',
      to,
      from: AGENT,
      direction: 'outbound-api',
      accountSid: ACCOUNT_SID,
      apiVersion: '2010-04-01',
      duration: null,
      price: null,
      answeredBy: null,
      parentCallSid: null,
      queueTime: '0',
    });
    expect(call.dateCreated).toBeInstanceOf(Date);
    expect(call.subresourceUris['recordings']).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${call.sid}/Recordings.json`);

    await h.waitForCallStatus(call.sid, 'in-progress');
    const inProgress = await waitFor(() => h.receiver.on('/recording')[0], 'recording in-progress callback');
    expect(inProgress.params['RecordingStatus']).toBe('in-progress');
    await sleep(1100); // be recorded for longer than minRecordingSeconds

    const ended = await h.client.calls(call.sid).update({ status: 'completed' });
    expect(ended.status).toBe('completed');
    expect(Number(ended.duration)).toBeGreaterThanOrEqual(1);
    expect(ended.endTime).toBeInstanceOf(Date);

    const completedRec = await waitFor(
      () => h.receiver.on('/recording').find((c) => c.params['RecordingStatus'] === 'completed'),
      'recording completed callback',
    );
    const statusCallbacks = bySequence(
      await waitFor(
        () => h.receiver.forCall(call.sid, '/status').length === 4 && h.receiver.forCall(call.sid, '/status'),
        'four status callbacks',
      ),
    );
    expect(statusCallbacks.map((c) => c.params['CallStatus'])).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(statusCallbacks.map((c) => c.params['SequenceNumber'])).toEqual(['0', '1', '2', '3']);
    for (const cb of [...statusCallbacks, ...h.receiver.on('/recording')]) expectSigned(cb);

    const completed = statusCallbacks[3].params;
    const recordingSid = completedRec.params['RecordingSid'];
    expect(completed).toMatchObject({
      AccountSid: ACCOUNT_SID,
      ApiVersion: '2010-04-01',
      CallSid: call.sid,
      Called: to,
      Caller: AGENT,
      From: AGENT,
      To: to,
      Direction: 'outbound-api',
      CallbackSource: 'call-progress-events',
      CallDuration: ended.duration,
      Duration: '1',
      RecordingSid: recordingSid,
      RecordingUrl: `${h.emulator.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
    });
    expect(completed['Timestamp']).toMatch(RFC2822);

    const recording = await h.client.recordings(recordingSid).fetch();
    expect(completedRec.params).toEqual({
      AccountSid: ACCOUNT_SID,
      CallSid: call.sid,
      RecordingSid: recordingSid,
      RecordingUrl: `${h.emulator.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
      RecordingStatus: 'completed',
      RecordingDuration: recording.duration,
      RecordingChannels: '2',
      RecordingSource: 'OutboundAPI',
      RecordingStartTime: expect.stringMatching(RFC2822),
      RecordingTrack: 'both',
      ErrorCode: '0',
    });
    expect(completed['RecordingDuration']).toBe(recording.duration);
    expect(recording.duration).toBe(ended.duration);
  });

  it('sends only `completed` by default, and GET callbacks carry the params in the query string', async () => {
    const call = await h.client.calls.create({
      to: randomNumber(),
      from: AGENT,
      twiml: '<Response><Say>hi</Say></Response>',
      statusCallback: h.receiver.url('/status-get?tenant=42'),
      statusCallbackMethod: 'GET',
    });
    await h.waitForCallStatus(call.sid, 'in-progress');
    await h.control('POST', `/calls/${call.sid}/hangup`, { durationSeconds: 7 });
    const [cb] = await waitFor(() => h.receiver.forCall(call.sid).length === 1 && h.receiver.forCall(call.sid), 'completed callback');
    expect(cb.method).toBe('GET');
    expect(cb.params).toMatchObject({ tenant: '42', CallStatus: 'completed', CallDuration: '7', Duration: '1', SequenceNumber: '0' });
    expect(cb.params['RecordingSid']).toBeUndefined();
    expectSigned(cb);
    await sleep(100);
    expect(h.receiver.forCall(call.sid)).toHaveLength(1);
  });

  it('accepts StatusCallbackEvent as one space-separated value (curl style)', async () => {
    const res = await fetch(`${h.accountUrl}/Calls.json`, {
      method: 'POST',
      headers: { Authorization: basicAuthHeader(ACCOUNT_SID, AUTH_TOKEN), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        To: randomNumber(),
        From: AGENT,
        Url: 'https://example.com/twiml',
        StatusCallback: h.receiver.url('/status'),
        StatusCallbackEvent: 'ringing answered',
      }),
    });
    expect(res.status).toBe(201);
    const { sid } = (await res.json()) as { sid: string };
    await h.waitForCallStatus(sid, 'in-progress');
    await waitFor(() => h.receiver.forCall(sid).length === 2, 'two callbacks');
    const received = bySequence(h.receiver.forCall(sid));
    expect(received.map((c) => c.params['CallStatus'])).toEqual(['ringing', 'in-progress']);
    expect(received.map((c) => c.params['SequenceNumber'])).toEqual(['0', '1']);
  });

  it('cancels a queued or ringing call; `canceled` leaves a live call alone; an ended call refuses updates', async () => {
    await h.control('PUT', '/config', { timing: { answerDelayMs: 60_000 } });
    const ringing = await h.placeCall();
    await h.waitForCallStatus(ringing.sid, 'ringing');
    const canceled = await h.client.calls(ringing.sid).update({ status: 'completed' });
    expect(canceled.status).toBe('canceled');
    expect(canceled.duration).toBe('0');
    const cb = await waitFor(
      () => h.receiver.forCall(ringing.sid, '/status').find((c) => c.params['SequenceNumber'] === '2'),
      'completed callback',
    );
    expect(cb.params).toMatchObject({ CallStatus: 'canceled', CallDuration: '0' });
    expect(cb.params['RecordingSid']).toBeUndefined();
    expect(await h.client.calls(ringing.sid).recordings.list()).toHaveLength(0);

    const err = await restError(h.client.calls(ringing.sid).update({ status: 'completed' }));
    expect(err).toMatchObject({ status: 400, code: 21220, message: 'Call is not in-progress. Cannot redirect.' });
    expect((await restError(h.client.calls(ringing.sid).update({ twiml: '<Response/>' }))).code).toBe(21220);

    await h.control('DELETE', '/config');
    const live = await h.placeCall();
    await h.waitForCallStatus(live.sid, 'in-progress');
    expect((await h.client.calls(live.sid).update({ status: 'canceled' })).status).toBe('in-progress');
    expect((await h.client.calls(live.sid).update({ url: 'https://example.com/other' })).status).toBe('in-progress');
    expect((await h.client.calls(live.sid).update({ status: 'completed' })).status).toBe('completed');
  });

  it('hangs up through the control API with a back-dated answer, even before the call was answered', async () => {
    await h.control('PUT', '/config', { timing: { answerDelayMs: 60_000, ringDelayMs: 60_000 } });
    const call = await h.placeCall();
    const res = await h.control<{ status: string; duration: number; recordingSid: string }>('POST', `/calls/${call.sid}/hangup`, {
      durationSeconds: 180,
    });
    expect(res).toEqual({
      status: 200,
      json: { callSid: call.sid, status: 'completed', duration: 180, recordingSid: expect.stringMatching(/^RE/) },
    });
    const fetched = await h.client.calls(call.sid).fetch();
    expect(fetched.duration).toBe('180');
    expect(fetched.endTime.getTime() - fetched.startTime.getTime()).toBeGreaterThanOrEqual(179_000);
    const rec = await h.waitForRecordingStatus(res.json.recordingSid, 'completed');
    expect(rec.duration).toBe('180');
    const statuses = await waitFor(() => {
      const list = h.receiver.forCall(call.sid, '/status');
      return list.length === 4 && bySequence(list);
    }, 'four status callbacks');
    expect(statuses.map((c) => c.params['CallStatus'])).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(statuses[3].params).toMatchObject({ CallDuration: '180', Duration: '3', RecordingDuration: '180' });
    expect((await h.control('POST', `/calls/${call.sid}/hangup`, {})).status).toBe(409);
  });

  it('places a recorded call nobody asked for: completed, recorded, listed, and no callback to anyone', async () => {
    const to = randomNumber();
    const res = await h.control<{ callSid: string; recordingSid: string; status: string; duration: number }>('POST', '/calls', {
      to,
      durationSeconds: 42,
      recordingChannels: 1,
    });
    expect(res).toEqual({
      status: 201,
      json: { callSid: expect.stringMatching(/^CA/), recordingSid: expect.stringMatching(/^RE/), status: 'completed', duration: 42 },
    });
    const call = await h.client.calls(res.json.callSid).fetch();
    expect(call).toMatchObject({ to, from: '+15005550006', status: 'completed', duration: '42' });
    const rec = await h.waitForRecordingStatus(res.json.recordingSid, 'completed');
    expect(rec).toMatchObject({ callSid: call.sid, duration: '42', channels: 1 });
    const listed = await h.client.recordings.list({ callSid: call.sid });
    expect(listed.map((r) => r.sid)).toEqual([rec.sid]);
    const log = await h.control<unknown[]>('GET', `/callbacks?callSid=${call.sid}`);
    expect(log.json).toEqual([]);
    expect(h.receiver.forCall(call.sid, '/status')).toEqual([]);
  });

  it('refuses an unsolicited call without a valid number or duration, with a message', async () => {
    for (const body of [
      { durationSeconds: 5 },
      { to: '555', durationSeconds: 5 },
      { to: randomNumber() },
      { to: randomNumber(), durationSeconds: 5, recordingChannels: 3 },
      { to: randomNumber(), durationSeconds: 5, record: false },
    ]) {
      const res = await h.control<{ error: string; message: string }>('POST', '/calls', body);
      expect(res.status).toBe(400);
      expect(res.json.message).toEqual(expect.any(String));
    }
  });

  it('ends calls after maxCallSeconds', async () => {
    await h.control('PUT', '/config', { timing: { maxCallSeconds: 1 } });
    const call = await h.placeCall();
    const ended = await h.waitForCallStatus(call.sid, 'completed', 5000);
    expect(ended.duration).toBe('1');
  });

  it("reports bad input with Twilio's error codes as RestException", async () => {
    const base = { from: AGENT, url: 'https://example.com/twiml' };
    expect(await restError(h.client.calls.create({ ...base, to: '12345' }))).toMatchObject({
      status: 400,
      code: 21211,
      message: "Invalid 'To' Phone Number",
    });
    expect(await restError(h.client.calls.create({ ...base, to: randomNumber(), from: 'agent-7' }))).toMatchObject({
      status: 400,
      code: 21212,
    });
    expect(await restError(h.client.calls.create({ to: randomNumber(), from: AGENT }))).toMatchObject({
      status: 400,
      code: 21205,
      message: 'Url parameter is required',
    });
    expect(await restError(h.client.calls('CA' + '0'.repeat(32)).fetch())).toMatchObject({ status: 404, code: 20404 });

    const wrongToken = emulatorClient(h.emulator.url, ACCOUNT_SID, '1'.repeat(32));
    const unauth = await restError(wrongToken.calls.list());
    expect(unauth).toMatchObject({ status: 401, code: 20003, message: 'Authenticate' });
    const anonymous = await fetch(`${h.accountUrl}/Calls.json`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });

    const otherAccount = await fetch(`${h.emulator.url}/2010-04-01/Accounts/AC${'9'.repeat(32)}/Calls.json`, {
      headers: { Authorization: basicAuthHeader(ACCOUNT_SID, AUTH_TOKEN) },
    });
    expect(otherAccount.status).toBe(404);
    expect(await otherAccount.json()).toMatchObject({ code: 20404, status: 404 });

    const unknownRoute = await fetch(`${h.emulator.url}/2010-04-01/Nope.json`);
    expect(unknownRoute.status).toBe(404);
    expect(await unknownRoute.json()).toMatchObject({ code: 20404, message: expect.stringContaining('/2010-04-01/Nope.json') });
  });

  it('lists calls with filters and follows relative next_page_uri', async () => {
    const to = randomNumber();
    const sids: string[] = [];
    for (let i = 0; i < 5; i++) sids.push((await h.placeCall({ to, record: false })).sid);
    await h.placeCall({ record: false });

    const all = await h.client.calls.list({ to, pageSize: 2 });
    expect(all.map((c) => c.sid)).toEqual([...sids].reverse());
    const seen: string[] = [];
    await h.client.calls.each({ to, pageSize: 2 }, (c) => void seen.push(c.sid));
    expect(seen.sort()).toEqual([...sids].sort());

    const page = await h.client.calls.page({ to, pageSize: 2 });
    expect(page.instances).toHaveLength(2);
    const raw = (await (
      await fetch(`${h.accountUrl}/Calls.json?To=${encodeURIComponent(to)}&PageSize=2`, {
        headers: { Authorization: basicAuthHeader(ACCOUNT_SID, AUTH_TOKEN) },
      })
    ).json()) as Record<string, unknown>;
    expect(raw['next_page_uri']).toMatch(new RegExp(`^/2010-04-01/Accounts/${ACCOUNT_SID}/Calls\\.json\\?To=%2B`));
    expect(raw).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, previous_page_uri: null });

    await h.control('POST', `/calls/${sids[0]}/hangup`, { durationSeconds: 3 });
    expect((await h.client.calls.list({ to, status: 'completed' })).map((c) => c.sid)).toEqual([sids[0]]);
    const yesterday = new Date(Date.now() - 86_400_000);
    expect(await h.client.calls.list({ to, startTimeBefore: yesterday })).toHaveLength(0);
    expect((await h.client.calls.list({ to, startTimeAfter: yesterday, status: 'completed' })).map((c) => c.sid)).toEqual([sids[0]]);
  });
});
