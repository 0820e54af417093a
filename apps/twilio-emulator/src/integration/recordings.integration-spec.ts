import { ACCOUNT_SID, AUTH_TOKEN, Harness } from '../testing/harness';
import { basicAuthHeader, parseWavHeader, probeAudio } from '../testing/http-helpers';

/** RMS per 50 ms window of one channel of 16-bit interleaved PCM. */
function envelope(pcm: Buffer, channels: number, channel: number): number[] {
  const frames = pcm.length / (2 * channels);
  const window = 400;
  const out: number[] = [];
  for (let f = 0; f + window <= frames; f += window) {
    let s = 0;
    for (let i = f; i < f + window; i++) s += pcm.readInt16LE((i * channels + channel) * 2) ** 2;
    out.push(Math.sqrt(s / window));
  }
  return out;
}

function correlation(a: number[], b: number[]): number {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const [ma, mb] = [mean(a), mean(b)];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((v, i) => {
    sab += (v - ma) * (b[i] - mb);
    saa += (v - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe('recordings and media', () => {
  const h = new Harness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());
  afterEach(() => h.reset());

  it('lists, fetches and deletes recordings through the client, account-wide and per call', async () => {
    const { call, recording } = await h.recordedCall(3, { recordingChannels: 'dual' });
    expect(recording.sid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(recording).toMatchObject({
      callSid: call.sid,
      status: 'completed',
      duration: '3',
      channels: 2,
      source: 'OutboundAPI',
      errorCode: null,
      conferenceSid: null,
      mediaUrl: `${h.accountUrl}/Recordings/${recording.sid}`,
      uri: `/2010-04-01/Accounts/${recording.accountSid}/Recordings/${recording.sid}.json`,
    });
    expect(recording.startTime).toBeInstanceOf(Date);
    expect(recording.dateCreated).toBeInstanceOf(Date);

    const byCall = await h.client.recordings.list({ callSid: call.sid });
    expect(byCall.map((r) => r.sid)).toEqual([recording.sid]);
    const scoped = await h.client.calls(call.sid).recordings.list();
    expect(scoped).toHaveLength(1);
    expect(scoped[0]).toMatchObject({ sid: recording.sid, track: 'both', channels: 2, duration: '3' });
    expect((await h.client.calls(call.sid).recordings(recording.sid).fetch()).status).toBe('completed');

    const hourAgo = new Date(Date.now() - 3_600_000);
    expect((await h.client.recordings.list({ dateCreatedAfter: hourAgo })).map((r) => r.sid)).toContain(recording.sid);
    expect(await h.client.recordings.list({ dateCreatedBefore: hourAgo })).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    const raw = await fetch(`${h.accountUrl}/Recordings.json?DateCreated=${today}&CallSid=${call.sid}`, {
      headers: { Authorization: basicAuthHeader(ACCOUNT_SID, AUTH_TOKEN) },
    });
    expect(((await raw.json()) as { recordings: unknown[] }).recordings).toHaveLength(1);

    expect(await h.client.recordings(recording.sid).remove()).toBe(true);
    await expect(h.client.recordings(recording.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    expect((await h.media(recording.sid)).status).toBe(404);
    expect(await h.client.calls(call.sid).recordings.list()).toHaveLength(0);

    const second = await h.recordedCall(2);
    expect(await h.client.calls(second.call.sid).recordings(second.recording.sid).remove()).toBe(true);
    await expect(h.client.recordings(second.recording.sid).fetch()).rejects.toMatchObject({ status: 404 });
  });

  it('pages through recordings with a small PageSize using relative next_page_uri', async () => {
    const sids: string[] = [];
    for (let i = 0; i < 5; i++) sids.push((await h.recordedCall(2)).recording.sid);
    const listed = await h.client.recordings.list({ pageSize: 2 });
    expect(listed.map((r) => r.sid)).toEqual([...sids].reverse());
    const viaEach: string[] = [];
    await h.client.recordings.each({ pageSize: 2 }, (r) => void viaEach.push(r.sid));
    expect(viaEach.sort()).toEqual([...sids].sort());
    const page = await h.client.recordings.page({ pageSize: 2 });
    expect(page.nextPageUrl).toMatch(/\/Recordings\.json\?PageSize=2&Page=1$/);
    const limited = await h.client.recordings.list({ pageSize: 2, limit: 3 });
    expect(limited).toHaveLength(3);
  });

  it('guards media: 401 without auth, 404 before completed, 400 for stereo of a mono recording', async () => {
    const call = await h.placeCall();
    const live = await h.waitForCallStatus(call.sid, 'in-progress');
    const [rec] = await h.client.calls(live.sid).recordings.list();
    expect(rec).toMatchObject({ status: 'in-progress', duration: null });
    expect((await h.media(rec.sid, '.wav', { auth: false })).status).toBe(401);
    const early = await h.media(rec.sid);
    expect(early.status).toBe(404);
    expect(JSON.parse(early.body.toString())).toMatchObject({ code: 20404 });
    expect((await h.media(rec.sid, '.mp3')).status).toBe(404);

    await h.control('POST', `/calls/${call.sid}/hangup`, { durationSeconds: 2 });
    await h.waitForRecordingStatus(rec.sid, 'completed');
    expect((await h.media(rec.sid, '.wav', { auth: false })).status).toBe(401);
    const stereo = await h.media(rec.sid, '.wav?RequestedChannels=2');
    expect(stereo.status).toBe(400);
    expect(JSON.parse(stereo.body.toString())).toMatchObject({ status: 400, code: expect.any(Number) });
    expect((await h.media(rec.sid, '.wav?RequestedChannels=1')).status).toBe(200);
  });

  it('serves WAV of the recorded length: mono mix by default, two distinct channels on request', async () => {
    const { recording } = await h.recordedCall(4, { recordingChannels: 'dual' });
    const mono = await h.media(recording.sid, '.wav');
    expect(mono.status).toBe(200);
    expect(mono.headers.get('content-type')).toBe('audio/x-wav');
    expect(Number(mono.headers.get('content-length'))).toBe(44 + 4 * 8000 * 2);
    expect(parseWavHeader(mono.body)).toEqual({ channels: 1, sampleRate: 8000, bitsPerSample: 16, dataBytes: 64_000, durationSeconds: 4 });

    const stereo = await h.media(recording.sid, '.wav?RequestedChannels=2');
    expect(stereo.status).toBe(200);
    expect(stereo.body.length).toBe(44 + 4 * 8000 * 4);
    expect(parseWavHeader(stereo.body)).toMatchObject({ channels: 2, durationSeconds: 4 });
    const probed = await probeAudio(stereo.body, 'audio/wav');
    expect(probed).toMatchObject({ container: 'WAVE', numberOfChannels: 2, sampleRate: 8000, duration: 4 });

    const agent = envelope(stereo.body.subarray(44), 2, 0);
    const customer = envelope(stereo.body.subarray(44), 2, 1);
    expect(Math.max(...agent)).toBeGreaterThan(2000);
    expect(Math.max(...customer)).toBeGreaterThan(2000);
    expect(correlation(agent, customer)).toBeLessThan(-0.2);

    const again = await h.media(recording.sid, '.wav?RequestedChannels=2');
    expect(again.body.equals(stereo.body)).toBe(true);
    const noExtension = await h.media(recording.sid, '');
    expect(noExtension.headers.get('content-type')).toBe('audio/x-wav');
    expect(noExtension.body.equals(mono.body)).toBe(true);
  });

  it('supports HEAD and single byte ranges', async () => {
    const { recording } = await h.recordedCall(2);
    const full = await h.media(recording.sid);
    const head = await h.media(recording.sid, '.wav', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(full.body.length));
    expect(head.body.length).toBe(0);
    const part = await h.media(recording.sid, '.wav', { headers: { Range: 'bytes=40-1039' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 40-1039/${full.body.length}`);
    expect(part.body.equals(full.body.subarray(40, 1040))).toBe(true);
    expect((await h.media(recording.sid, '.wav', { headers: { Range: `bytes=${full.body.length}-` } })).status).toBe(416);
  });

  it('serves MP3 that decodes to about the recorded length, mono or stereo', async () => {
    const { recording } = await h.recordedCall(5, { recordingChannels: 'dual' });
    const mp3 = await h.media(recording.sid, '.mp3');
    expect(mp3.status).toBe(200);
    expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
    const format = await probeAudio(mp3.body, 'audio/mpeg');
    expect(format).toMatchObject({ codec: expect.stringMatching(/MPEG/), numberOfChannels: 1, sampleRate: 8000 });
    expect(format.duration).toBeGreaterThan(4.8);
    expect(format.duration).toBeLessThan(5.3);

    const cached = await h.media(recording.sid, '.mp3');
    expect(cached.headers.get('content-length')).toBe(String(mp3.body.length));
    expect(cached.body.equals(mp3.body)).toBe(true);

    const stereo = await h.media(recording.sid, '.mp3?RequestedChannels=2');
    expect((await probeAudio(stereo.body, 'audio/mpeg')).numberOfChannels).toBe(2);
  });

  it('makes a 3-minute call instantly through the control API, with audio of that length', async () => {
    const { recording } = await h.recordedCall(180);
    expect(recording.duration).toBe('180');
    const wav = await h.media(recording.sid);
    expect(parseWavHeader(wav.body)).toMatchObject({ channels: 1, durationSeconds: 180 });
    expect(wav.body.length).toBe(44 + 180 * 8000 * 2);
  });

  it('serves a 4-hour dual recording without building it: exact length, any range on demand', async () => {
    const { recording } = await h.recordedCall(4 * 3600, { recordingChannels: 'dual' });
    const total = 44 + 4 * 3600 * 8000 * 4;
    const head = await h.media(recording.sid, '.wav?RequestedChannels=2', { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(total));
    const first = await h.media(recording.sid, '.wav?RequestedChannels=2', { headers: { Range: 'bytes=0-43' } });
    expect(parseWavHeader(first.body)).toMatchObject({ channels: 2, durationSeconds: 14_400 });
    const tail = await h.media(recording.sid, '.wav?RequestedChannels=2', { headers: { Range: 'bytes=-64000' } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${total - 64_000}-${total - 1}/${total}`);
    expect(tail.body.length).toBe(64_000);
    expect(tail.body.some((b) => b !== 0)).toBe(true);
  });
});
