import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { seedStoredRecordings, SeededRecording } from '../../../test/recording-fixtures';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { playbackEndJobId, QUEUE } from '../../services/queues/queues.constants';
import { storedBytes } from '../../../test/stored-objects';

const MiB = 1024 * 1024;
const SIZE = 7_000_000;

describe('playback by a role that may play but not download', () => {
  let t: TestApp;
  let supervisor: TestUser;
  let compliance: TestUser;
  let admin: TestUser;
  let agentId: string;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp();
    queue = t.app.get<Queue>(getQueueToken(QUEUE.maintenance));
    supervisor = await createUser(t, 'SUPERVISOR');
    compliance = await createUser(t, 'COMPLIANCE');
    admin = await createUser(t, 'ADMIN');
    agentId = (await createUser(t, 'AGENT')).id;
  });
  afterAll(() => t.close());

  async function bigRecording(): Promise<{ recording: SeededRecording; file: Buffer; path: string }> {
    const [recording] = await seedStoredRecordings(t, [{ agentId, daysAgo: 1, bytes: SIZE }]);
    const file = await storedBytes(t, recording.storageKey);
    return { recording, file, path: `/api/recordings/${recording.id}/stream` };
  }

  async function get(path: string, user: TestUser | null, headers: Record<string, string> = {}, method = 'GET') {
    const response = await fetch(`${t.url}${path}`, { method, headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...headers } });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  }

  it('never sends a SUPERVISOR more than STREAM_MAX_RANGE_BYTES in one response, as a correct shorter 206; COMPLIANCE and ADMIN are unaffected', async () => {
    expect(t.config.streamMaxRangeBytes).toBe(MiB);
    const { file, path, recording } = await bigRecording();
    const cases: [string, Record<string, string>, number, number][] = [
      ['no Range', {}, 0, MiB - 1],
      ['bytes=0-', { range: 'bytes=0-' }, 0, MiB - 1],
      ['more than the cap', { range: 'bytes=1000-5999999' }, 1000, 1000 + MiB - 1],
      ['a suffix longer than the cap', { range: 'bytes=-3000000' }, SIZE - 3_000_000, SIZE - 3_000_000 + MiB - 1],
      ['a stale If-Range', { range: 'bytes=0-9', 'if-range': '"stale"' }, 0, MiB - 1],
      ['a range inside the cap', { range: 'bytes=100-199' }, 100, 199],
      ['the tail', { range: `bytes=${SIZE - 500}-` }, SIZE - 500, SIZE - 1],
    ];
    for (const [name, headers, start, end] of cases) {
      const { response, body } = await get(path, supervisor, headers);
      expect({ name, status: response.status, range: response.headers.get('content-range') }).toEqual({ name, status: 206, range: `bytes ${start}-${end}/${SIZE}` });
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      expect(body.equals(file.subarray(start, end + 1))).toBe(true);
    }
    const head = await get(path, supervisor, {}, 'HEAD');
    expect(head.response.status).toBe(206);
    expect(head.response.headers.get('content-length')).toBe(String(MiB));
    expect(head.body.length).toBe(0);

    const whole = await get(path, compliance);
    expect(whole.response.status).toBe(200);
    expect(whole.body.equals(file)).toBe(true);
    const open = await get(path, admin, { range: 'bytes=0-' });
    expect(open.response.headers.get('content-range')).toBe(`bytes 0-${SIZE - 1}/${SIZE}`);
    expect(open.body.length).toBe(SIZE);
    expect((await get(`/api/recordings/${recording.id}/download`, supervisor)).response.status).toBe(403);
  });

  it('lets a SUPERVISOR play with a media token and seek past the first MiB, as a media player does', async () => {
    const { file, recording } = await bigRecording();
    const minted = await api(t, `/api/recordings/${recording.id}/media-token`, { method: 'POST', token: supervisor.token });
    // The player asks for everything from where it is and takes what comes, then asks again from there.
    const received = Buffer.alloc(SIZE);
    let at = 0;
    while (at < SIZE) {
      const { response, body } = await get(minted.body.streamUrl, null, { range: `bytes=${at}-` });
      expect(response.status).toBe(206);
      const [, from, to, size] = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '') ?? [];
      expect([Number(from), Number(size)]).toEqual([at, SIZE]);
      expect(body.length).toBe(Number(to) - Number(from) + 1);
      expect(body.length).toBeLessThanOrEqual(MiB);
      body.copy(received, at);
      at = Number(to) + 1;
    }
    expect(received.equals(file)).toBe(true);
    const seek = Math.floor(SIZE * 0.8);
    const { response, body } = await get(minted.body.streamUrl, null, { range: `bytes=${seek}-` });
    expect(response.headers.get('content-range')).toBe(`bytes ${seek}-${seek + MiB - 1}/${SIZE}`);
    expect(body.equals(file.subarray(seek, seek + MiB))).toBe(true);
  });

  it('records every byte range a playback session fetched in RECORDING_PLAYBACK_ENDED, linked to its RECORDING_PLAYED', async () => {
    const { recording } = await bigRecording();
    const minted = await api(t, `/api/recordings/${recording.id}/media-token`, { method: 'POST', token: supervisor.token });
    const fetched = [
      ['bytes=0-', 206],
      ['bytes=5000000-', 206],
      ['bytes=1048576-2000000', 206],
      ['bytes=5500000-5600000', 206],
      [`bytes=${SIZE}-`, 416],
    ] as const;
    for (const [range, status] of fetched) {
      expect((await get(minted.body.streamUrl, null, { range })).response.status).toBe(status);
    }
    expect((await get(minted.body.streamUrl, null, {}, 'HEAD')).response.status).toBe(206);

    const played = await t.prisma.auditEvent.findMany({ where: { recordingId: recording.id, action: 'RECORDING_PLAYED' } });
    expect(played).toHaveLength(1);
    expect(played[0]).toMatchObject({ actorId: supervisor.id, details: { via: 'media-token', session: expect.any(String) } });
    const session = (played[0].details as { session: string }).session;
    const job = await queue.getJob(playbackEndJobId(session));
    expect(job).not.toBeNull();
    expect(await job!.getState()).toBe('delayed');
    // The window is half an hour; the test closes it now, through the worker.
    await job!.promote();

    const ended = await waitFor('RECORDING_PLAYBACK_ENDED', () =>
      t.prisma.auditEvent.findFirst({ where: { recordingId: recording.id, action: 'RECORDING_PLAYBACK_ENDED' } }).then((row) => row ?? undefined),
    );
    const bytes = 2_000_001 + MiB;
    expect(ended).toMatchObject({
      actorId: supervisor.id,
      ip: played[0].ip,
      details: {
        session,
        playedSeq: played[0].seq,
        ranges: [
          [0, 2_000_000],
          [5_000_000, 5_000_000 + MiB - 1],
        ],
        bytes,
        requests: 4,
        fraction: Number((bytes / SIZE).toFixed(4)),
      },
    });
    expect(ended.seq).toBeGreaterThan(played[0].seq);

    // The session is over: the same token starts a new one.
    await get(minted.body.streamUrl, null, { range: 'bytes=0-9' });
    expect(await t.prisma.auditEvent.count({ where: { recordingId: recording.id, action: 'RECORDING_PLAYED' } })).toBe(2);
  });

  it('treats a bearer client\'s requests within the window as one session and closes it once', async () => {
    const { recording, path } = await bigRecording();
    await get(path, compliance, { range: 'bytes=10-19' });
    await get(path, compliance, { range: 'bytes=20-29' });
    const played = await t.prisma.auditEvent.findFirstOrThrow({ where: { recordingId: recording.id, action: 'RECORDING_PLAYED' } });
    expect(played.details).toMatchObject({ via: 'bearer' });
    const job = await queue.getJob(playbackEndJobId((played.details as { session: string }).session));
    await job!.promote();
    const ended = await waitFor('RECORDING_PLAYBACK_ENDED', () =>
      t.prisma.auditEvent.findFirst({ where: { recordingId: recording.id, action: 'RECORDING_PLAYBACK_ENDED' } }).then((row) => row ?? undefined),
    );
    expect(ended.details).toMatchObject({ ranges: [[10, 29]], bytes: 20, requests: 2 });
  });
});
