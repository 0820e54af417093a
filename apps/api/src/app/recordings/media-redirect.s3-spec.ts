import { createHash } from 'node:crypto';
import { seedStoredRecordings, SeededRecording } from '../../../test/recording-fixtures';
import { storedBytes } from '../../../test/stored-objects';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { StorageBackend } from '../../services/storage/recording-store';

/**
 * MEDIA_DELIVERY=redirect against the bucket (s3 tier): the API authorises and audits, then hands
 * out a presigned GET (in the media token, or as a 302) that the store serves, ranges included,
 * until it expires.
 */
describe('media delivered by redirect to a presigned link', () => {
  let t: TestApp;
  let compliance: TestUser;
  let supervisor: TestUser;
  let agentId: string;

  beforeAll(async () => {
    t = await startTestApp({ MEDIA_DELIVERY: 'redirect', MEDIA_PRESIGN_SECONDS: '5' });
    compliance = await createUser(t, 'COMPLIANCE');
    supervisor = await createUser(t, 'SUPERVISOR');
    agentId = (await createUser(t, 'AGENT')).id;
  });
  afterAll(() => t?.close());

  async function seeded(bytes: number, storageBackend?: StorageBackend): Promise<SeededRecording> {
    const [recording] = await seedStoredRecordings(t, [{ agentId, daysAgo: 1, bytes, ...(storageBackend ? { storageBackend } : {}) }]);
    return recording;
  }

  function get(path: string, { token, headers = {}, redirect = 'follow' }: { token?: string; headers?: Record<string, string>; redirect?: RequestRedirect } = {}) {
    const url = path.startsWith('http') ? path : `${t.url}${path}`;
    return fetch(url, { redirect, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  }

  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const events = (recordingId: string, action: 'RECORDING_PLAYED' | 'RECORDING_DOWNLOADED') =>
    t.prisma.auditEvent.findMany({ where: { recordingId, action }, orderBy: { seq: 'asc' } });

  it('hands out the presigned link in the media token: whole file and ranges byte-exact from the bucket, one RECORDING_PLAYED per session', async () => {
    expect(t.config.storageDriver).toBe('s3');
    const recording = await seeded(300_000);
    const minted = await api(t, `/api/recordings/${recording.id}/media-token`, { method: 'POST', token: compliance.token });
    expect(minted.status).toBe(200);
    expect(minted.body.delivery).toBe('redirect');
    // No API round trip per range: the stream URL is the bucket's own link, valid as long as it says.
    const streamUrl = minted.body.streamUrl as string;
    expect(streamUrl).toMatch(/^https?:\/\//);
    expect(new URL(streamUrl).origin).not.toBe(t.url);
    expect(streamUrl).toContain(recording.storageKey);
    expect(Date.parse(minted.body.expiresAt)).toBeLessThanOrEqual(Date.now() + t.config.mediaPresignSeconds * 1000);

    const whole = await get(streamUrl);
    expect(whole.status).toBe(200);
    const body = Buffer.from(await whole.arrayBuffer());
    expect(body.length).toBe(recording.sizeBytes);
    expect(sha256(body)).toBe(recording.sha256);

    const stored = await storedBytes(t, recording.storageKey);
    for (const [range, start, end] of [
      ['bytes=0-0', 0, 0],
      ['bytes=1000-1999', 1000, 1999],
      ['bytes=-500', recording.sizeBytes - 500, recording.sizeBytes - 1],
      [`bytes=${recording.sizeBytes - 10}-`, recording.sizeBytes - 10, recording.sizeBytes - 1],
    ] as const) {
      const partial = await get(streamUrl, { headers: { range } });
      expect({ range, status: partial.status, contentRange: partial.headers.get('content-range') }).toEqual({
        range,
        status: 206,
        contentRange: `bytes ${start}-${end}/${recording.sizeBytes}`,
      });
      expect(Buffer.from(await partial.arrayBuffer()).equals(stored.subarray(start, end + 1))).toBe(true);
    }
    // The player renews its link before expiresAt: the same session, still one RECORDING_PLAYED.
    const renewed = await api(t, `/api/recordings/${recording.id}/media-token`, { method: 'POST', token: compliance.token });
    expect(renewed.body.delivery).toBe('redirect');
    const played = await events(recording.id, 'RECORDING_PLAYED');
    expect(played).toHaveLength(1);
    expect(played[0]).toMatchObject({ details: expect.objectContaining({ via: 'media-link' }) });
  });

  it("still answers the API's stream URL with a 302 (not cached) to the bucket, for clients that use it", async () => {
    const recording = await seeded(30_000);
    const redirected = await get(`/api/recordings/${recording.id}/stream`, { token: compliance.token, redirect: 'manual' });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('cache-control')).toBe('private, no-store');
    const location = redirected.headers.get('location') ?? '';
    expect(new URL(location).origin).not.toBe(t.url);
    const followed = await get(`/api/recordings/${recording.id}/stream`, { token: compliance.token });
    expect(followed.redirected).toBe(true);
    expect(sha256(Buffer.from(await followed.arrayBuffer()))).toBe(recording.sha256);
    expect(await events(recording.id, 'RECORDING_PLAYED')).toHaveLength(1);
  });

  it('downloads through a 302 as an attachment named as by the API, audited once (the bearer header is not sent on to the bucket)', async () => {
    const recording = await seeded(50_000);
    const response = await get(`/api/recordings/${recording.id}/download`, { token: compliance.token });
    expect(response.status).toBe(200);
    expect(response.redirected).toBe(true);
    expect(response.headers.get('content-disposition')).toContain(`${recording.storageKey.split('/').pop()}"`);
    const body = Buffer.from(await response.arrayBuffer());
    expect(sha256(body)).toBe(recording.sha256);
    expect(await events(recording.id, 'RECORDING_DOWNLOADED')).toHaveLength(1);
  });

  it('keeps proxying a role limited to STREAM_MAX_RANGE_BYTES: a presigned link would serve the whole file', async () => {
    const recording = await seeded(t.config.streamMaxRangeBytes + 10_000);
    const minted = await api(t, `/api/recordings/${recording.id}/media-token`, { method: 'POST', token: supervisor.token });
    expect(minted.body.streamUrl).toMatch(/^\/api\/recordings\/.+\/stream\?token=/);
    const response = await get(`/api/recordings/${recording.id}/stream`, { token: supervisor.token, redirect: 'manual' });
    expect(response.status).toBe(206);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-range')).toBe(`bytes 0-${t.config.streamMaxRangeBytes - 1}/${recording.sizeBytes}`);
    expect(Buffer.from(await response.arrayBuffer()).length).toBe(t.config.streamMaxRangeBytes);
    expect(await events(recording.id, 'RECORDING_PLAYED')).toHaveLength(1);
  });

  it('streams a row still on local disk (not migrated yet) itself: local disk cannot presign', async () => {
    const recording = await seeded(20_000, StorageBackend.LOCAL);
    const response = await get(`/api/recordings/${recording.id}/stream`, { token: compliance.token, redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(recording.sha256);
  });

  it('answers HEAD itself (the link is signed for GET only)', async () => {
    const recording = await seeded(10_000);
    const response = await fetch(`${t.url}/api/recordings/${recording.id}/stream`, {
      method: 'HEAD',
      redirect: 'manual',
      headers: { authorization: `Bearer ${compliance.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(recording.sizeBytes));
  });

  it('gives a link that stops working after MEDIA_PRESIGN_SECONDS', async () => {
    expect(t.config.mediaPresignSeconds).toBe(5);
    const recording = await seeded(5_000);
    const redirected = await get(`/api/recordings/${recording.id}/stream`, { token: compliance.token, redirect: 'manual' });
    const location = redirected.headers.get('location') as string;
    const fresh = await fetch(location);
    expect(fresh.status).toBe(200);
    expect(sha256(Buffer.from(await fresh.arrayBuffer()))).toBe(recording.sha256);
    // Wait for the state (the bucket refusing the link), never for a fixed time.
    const refused = await waitFor(
      'the presigned link to expire',
      async () => {
        const later = await fetch(location);
        await later.arrayBuffer();
        return later.status === 403 && later.status;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(refused).toBe(403);
  });
});
