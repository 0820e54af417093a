import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { request as httpRequest } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { NGINX_TEMPLATE, startNginxFront, NginxFront } from '../../../test/nginx-process';
import { seedStoredRecordings, SeededRecording } from '../../../test/recording-fixtures';
import { storedBytes } from '../../../test/stored-objects';
import { createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { testKeyring } from '../../../test/test-keys';
import { playbackEndJobId, QUEUE } from '../../services/queues/queues.constants';
import { signMediaLink } from './media/media-link';

const SECRET = 'media-link-secret-for-the-nginx-tests-0123456789';
const PREFIX = '/media/';

/**
 * MEDIA_DELIVERY=nginx with the real nginx and the project's template (deploy/nginx): the API
 * authorises and audits once, when it issues the link; nginx checks the link itself
 * (secure_link) and sends the ranges without asking the API.
 */
describe('media links served by nginx', () => {
  let t: TestApp;
  let nginx: NginxFront;
  let compliance: TestUser;
  let supervisor: TestUser;
  let agentId: string;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp({
      MEDIA_DELIVERY: 'nginx',
      MEDIA_LINK_SECRET: SECRET,
      MEDIA_LINK_PREFIX: PREFIX,
      MEDIA_LINK_SECONDS: '60',
      // nginx is the only proxy, on loopback; it replaces X-Forwarded-For with its $remote_addr.
      TRUST_PROXY: 'loopback',
      ...testKeyring('k1'),
    });
    queue = t.app.get<Queue>(getQueueToken(QUEUE.maintenance));
    nginx = await startNginxFront({ api: `127.0.0.1:${t.config.port}`, recordingsDir: t.config.recordingsDir, linkSecret: SECRET, linkPrefix: PREFIX });
    compliance = await createUser(t, 'COMPLIANCE');
    supervisor = await createUser(t, 'SUPERVISOR');
    agentId = (await createUser(t, 'AGENT')).id;
  });
  afterAll(async () => {
    await nginx?.stop();
    await t?.close();
  });

  async function seeded(spec: { bytes: number; encrypted?: boolean }): Promise<SeededRecording> {
    const [recording] = await seedStoredRecordings(t, [{ agentId, daysAgo: 1, ...spec }]);
    return recording;
  }

  /** A GET through nginx from a given loopback address (127.0.0.2 is another client). */
  function get(path: string, { from = '127.0.0.1', headers = {} }: { from?: string; headers?: Record<string, string> } = {}) {
    return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(`${nginx.url}${path}`, { localAddress: from, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  function issue(recordingId: string, user: TestUser, from = '127.0.0.1', query = '') {
    return new Promise<{ status: number; body: Record<string, string> }>((resolve, reject) => {
      const req = httpRequest(
        `${nginx.url}/api/recordings/${recordingId}/media-token${query}`,
        // A client cannot choose the address its link is bound to: nginx replaces this header.
        { method: 'POST', localAddress: from, headers: { authorization: `Bearer ${user.token}`, 'x-forwarded-for': '203.0.113.9' } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, string> }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  const played = (recordingId: string) => t.prisma.auditEvent.findMany({ where: { recordingId, action: 'RECORDING_PLAYED' } });

  it('issues a link once per session (RECORDING_PLAYED); nginx serves the file and its ranges byte-exact', async () => {
    const recording = await seeded({ bytes: 700_000 });
    const stored = await storedBytes(t, recording.storageKey);
    const minted = await issue(recording.id, compliance);
    expect(minted.status).toBe(200);
    expect(minted.body).toMatchObject({ delivery: 'nginx', downloadUrl: expect.stringMatching(/^\/api\/recordings\/.+\/download\?token=/) });
    expect(minted.body['streamUrl']).toMatch(new RegExp(`^${PREFIX}${recording.storageKey}\\?md5=[A-Za-z0-9_-]{22}&expires=\\d+$`));
    expect(Number(new URL(minted.body['streamUrl'], nginx.url).searchParams.get('expires')) * 1000).toBe(Date.parse(minted.body['expiresAt']));

    const whole = await get(minted.body['streamUrl']);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.headers['cache-control']).toBe('private, no-store');
    expect(createHash('sha256').update(whole.body).digest('hex')).toBe(recording.sha256);
    for (const [range, start, end] of [
      ['bytes=0-0', 0, 0],
      ['bytes=262144-524287', 262_144, 524_287],
      ['bytes=-500', 700_000 - 500, 699_999],
      ['bytes=699990-', 699_990, 699_999],
    ] as const) {
      const partial = await get(minted.body['streamUrl'], { headers: { range } });
      expect({ range, status: partial.status, contentRange: partial.headers['content-range'] }).toEqual({
        range,
        status: 206,
        contentRange: `bytes ${start}-${end}/700000`,
      });
      expect(partial.body.equals(stored.subarray(start, end + 1))).toBe(true);
    }

    // The player renews its link before expiresAt: same session, no second RECORDING_PLAYED.
    const renewed = await issue(recording.id, compliance);
    expect(renewed.body).toMatchObject({ delivery: 'nginx' });
    expect((await get(renewed.body['streamUrl'], { headers: { range: 'bytes=0-9' } })).status).toBe(206);
    const events = await played(recording.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: compliance.id, ip: '127.0.0.1', details: { via: 'media-link', session: expect.any(String) } });

    // The session's end says how many links it issued and that nginx's ranges are not in it.
    const session = (events[0].details as { session: string }).session;
    await (await queue.getJob(playbackEndJobId(session)))!.promote();
    const ended = await waitFor('RECORDING_PLAYBACK_ENDED', () =>
      t.prisma.auditEvent.findFirst({ where: { recordingId: recording.id, action: 'RECORDING_PLAYBACK_ENDED' } }).then((row) => row ?? undefined),
    );
    expect(ended.details).toMatchObject({ session, linksIssued: 2, rangesComplete: false, ranges: [] });
  });

  it('a token asked for a download carries no link and writes no RECORDING_PLAYED; the download is audited as one', async () => {
    const recording = await seeded({ bytes: 5000 });
    const minted = await issue(recording.id, compliance, '127.0.0.1', '?purpose=download');
    expect(minted.status).toBe(200);
    expect(minted.body).toMatchObject({ delivery: 'proxy', streamUrl: expect.stringMatching(/^\/api\/recordings\//) });
    const file = await get(minted.body['downloadUrl']);
    expect(file.status).toBe(200);
    expect(createHash('sha256').update(file.body).digest('hex')).toBe(recording.sha256);
    expect(await played(recording.id)).toHaveLength(0);
    expect(await t.prisma.auditEvent.count({ where: { recordingId: recording.id, action: 'RECORDING_DOWNLOADED' } })).toBe(1);

    const refused = await issue(recording.id, compliance, '127.0.0.1', '?purpose=keep');
    expect(refused.status).toBe(400);
    expect(refused.body['message']).toMatch(/purpose/);
  });

  it("outlasts nginx's idle upstream connections, so nginx never sends a request on one the API is closing", () => {
    // nginx reuses idle connections to the API (upstream keepalive) and does not retry a POST
    // (a Twilio callback) that meets a closed one: it answers 502. Node's 5 s default closed first.
    const upstream = /upstream callrec_api \{[\s\S]*?keepalive_timeout (\d+)s;/.exec(readFileSync(NGINX_TEMPLATE, 'utf8'));
    expect(upstream).not.toBeNull();
    const server = t.app.getHttpServer() as Server;
    expect(server.keepAliveTimeout).toBeGreaterThan(Number(upstream![1]) * 1000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });

  it('refuses a tampered link, another recording, another client and an expired link; the file has no URL of its own', async () => {
    const [recording, other] = [await seeded({ bytes: 5000 }), await seeded({ bytes: 5000 })];
    const link = (await issue(recording.id, compliance)).body['streamUrl'];
    const url = new URL(link, nginx.url);
    const md5 = url.searchParams.get('md5') ?? '';
    const expires = Number(url.searchParams.get('expires'));
    // The first character (the last one's low bits are base64 padding nginx ignores).
    const tampered = `${url.pathname}?md5=${md5.startsWith('A') ? 'B' : 'A'}${md5.slice(1)}&expires=${expires}`;
    const later = `${url.pathname}?md5=${md5}&expires=${expires + 3600}`;
    const elsewhere = `${PREFIX}${other.storageKey}?md5=${md5}&expires=${expires}`;
    expect((await get(link)).status).toBe(200);
    expect((await get(tampered)).status).toBe(403);
    expect((await get(later)).status).toBe(403);
    expect((await get(elsewhere)).status).toBe(403);
    expect((await get(url.pathname)).status).toBe(403);
    expect((await get(link, { from: '127.0.0.2' })).status).toBe(403);
    expect((await get(`/_callrec_recordings/${recording.storageKey}`)).status).toBe(404);
    // Signed as the API signs, with an expiry already past: nginx says Gone.
    const expired = signMediaLink(t.config.mediaLink!, recording.storageKey, '127.0.0.1', Math.floor(Date.now() / 1000) - 1);
    expect((await get(expired)).status).toBe(410);

    // Another client gets its own link through nginx, bound to its own address.
    const theirs = (await issue(recording.id, compliance, '127.0.0.2')).body['streamUrl'];
    expect((await get(theirs, { from: '127.0.0.2' })).status).toBe(200);
    expect((await get(theirs)).status).toBe(403);
  });

  it('keeps a role capped by STREAM_MAX_RANGE_BYTES and encrypted recordings on the API (proxy)', async () => {
    const plain = await seeded({ bytes: 5000 });
    const capped = await issue(plain.id, supervisor);
    expect(capped.body).toMatchObject({ delivery: 'proxy', streamUrl: expect.stringMatching(/^\/api\/recordings\/.+\/stream\?token=/) });
    expect((await get(capped.body['streamUrl'], { headers: { range: 'bytes=0-99' } })).status).toBe(206);

    const sealed = await seeded({ bytes: 5000, encrypted: true });
    const minted = await issue(sealed.id, compliance);
    expect(minted.body).toMatchObject({ delivery: 'proxy', streamUrl: expect.stringMatching(/^\/api\/recordings\/.+\/stream\?token=/) });
    const audio = await get(minted.body['streamUrl']);
    expect(audio.status).toBe(200);
    expect(createHash('sha256').update(audio.body).digest('hex')).toBe(sealed.sha256);
    // Issuing a token the API streams audits nothing yet: its first request does, as before.
    expect(await played(sealed.id)).toHaveLength(1);
  });
});
