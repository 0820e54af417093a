import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { Agent, request as httpRequest } from 'node:http';
import { JOB, QUEUE } from '../../src/services/queues/queues.constants';
import { seedStoredRecordings } from '../recording-fixtures';
import { createUser, startTestApp, TestApp, TestUser, waitFor } from '../test-app';

const FLOOD = 600;
const LIMIT = 30;

interface Answer {
  status: number;
  retryAfter: string | undefined;
}

/**
 * GETs from a chosen loopback address (all of 127/8 is this machine on Linux), so each test
 * is its own client to the per-address limit, as separate machines would be.
 */
function requester(t: TestApp, localAddress: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 32, localAddress });
  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(`${t.url}${path}`, { agent, headers }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] }));
        response.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  return { get, close: () => agent.destroy() };
}

/** Refused media requests of every kind a flood sends: no token, a bad media token, a forged bearer token. */
function refusedRequest(i: number, recordingId: string, forgedBearer: string): [string, Record<string, string>] {
  const route = i % 4 === 3 ? 'download' : 'stream';
  switch (i % 3) {
    case 0:
      return [`/api/recordings/${recordingId}/${route}`, {}];
    case 1:
      return [`/api/recordings/${recordingId}/${route}?token=not-a-token-${i}`, {}];
    default:
      return [`/api/recordings/${recordingId}/${route}`, { authorization: `Bearer ${forgedBearer}` }];
  }
}

async function flood(client: ReturnType<typeof requester>, recordingId: string, forgedBearer: string): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < FLOOD) {
        const [path, headers] = refusedRequest(next++, recordingId, forgedBearer);
        answers.push(await client.get(path, headers));
      }
    }),
  );
  return answers;
}

describe('a flood of refused media requests', () => {
  let t: TestApp;
  let supervisor: TestUser;
  let recordingId: string;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp({ MEDIA_DENIED_PER_MINUTE: String(LIMIT) });
    queue = t.app.get<Queue>(getQueueToken(QUEUE.maintenance));
    supervisor = await createUser(t, 'SUPERVISOR');
    const agent = await createUser(t, 'AGENT');
    [{ id: recordingId }] = await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 1 }]);
  });
  afterAll(() => t.close());

  const deniedRows = (ip: string) => t.prisma.auditEvent.findMany({ where: { action: 'ACCESS_DENIED', ip }, orderBy: { seq: 'asc' } });

  /** The per-minute digests are delayed until their minute closes; the test closes them now, through the worker. */
  async function closeDigests(ip: string): Promise<void> {
    for (const job of await queue.getDelayed()) {
      if (job.name === JOB.accessDeniedDigest && (job.data as { ip: string }).ip === ip) await job.promote();
    }
  }

  async function digestsCounting(ip: string, total: number) {
    await closeDigests(ip);
    return waitFor(`ACCESS_DENIED digests of ${ip} counting ${total} refused requests`, async () => {
      const rows = await deniedRows(ip);
      const counted = rows.reduce((sum, row) => sum + Number((row.details as { count?: number }).count ?? 1), 0);
      return counted >= total && rows;
    });
  }

  it(`writes at most 10 audit rows for ${FLOOD} refused requests from one address, counting every one, and answers 429 past the limit`, async () => {
    const ip = '127.0.0.2';
    const client = requester(t, ip);
    const answers = await flood(client, recordingId, `${supervisor.token.slice(0, -2)}xx`);
    client.close();

    // Nothing is written while the minute is open: the flood touched only Redis.
    expect((await deniedRows(ip)).length).toBeLessThanOrEqual(10);
    const statuses = answers.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {});
    expect(Object.keys(statuses).sort()).toEqual(['401', '429']);
    for (const answer of answers.filter((a) => a.status === 429)) {
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
    }

    const rows = await digestsCounting(ip, FLOOD);
    expect(rows.length).toBeLessThanOrEqual(10);
    const details = rows.map(
      (row) => row.details as { count: number; rateLimited: number; firstAt: string; lastAt: string; sample: unknown[] },
    );
    expect(details.reduce((sum, d) => sum + d.count, 0)).toBe(FLOOD);
    // Each minute let LIMIT through as 401 and answered the rest 429.
    expect(statuses[401]).toBe(details.reduce((sum, d) => sum + Math.min(d.count, LIMIT), 0));
    expect(statuses[429]).toBe(details.reduce((sum, d) => sum + d.rateLimited, 0));
    for (const [i, row] of rows.entries()) {
      expect(row).toMatchObject({ actorId: null, recordingId: null, ip });
      expect(details[i].rateLimited).toBe(Math.max(0, details[i].count - LIMIT));
      expect(Date.parse(details[i].firstAt)).toBeLessThanOrEqual(Date.parse(details[i].lastAt));
      expect(details[i].sample.length).toBeGreaterThan(0);
      expect(details[i].sample.length).toBeLessThanOrEqual(10);
    }
    // The figure the reliability table in bench/README.md quotes.
    process.stdout.write(
      `audit flood: ${FLOOD} refused media requests → ${rows.length} ACCESS_DENIED rows counting ${FLOOD}; answers ${JSON.stringify(statuses)}\n`,
    );
    // The sample names what was refused and why, never a token.
    expect(JSON.stringify(details)).toContain(`/api/recordings/${recordingId}/stream`);
    expect(JSON.stringify(details)).not.toContain('not-a-token');
  });

  it('keeps every audited action of a signed-in user at the same address flowing, and in the trail, during such a flood', async () => {
    const ip = '127.0.0.3';
    const client = requester(t, ip);
    const agent = await createUser(t, 'AGENT');
    // One recording per play: a bearer client's plays of one recording within the window are one session.
    const played = await seedStoredRecordings(
      t,
      Array.from({ length: 20 }, () => ({ agentId: agent.id, daysAgo: 1 })),
    );
    const bearer = { authorization: `Bearer ${supervisor.token}` };

    const userActions = async () => {
      const answers: Answer[] = [];
      for (const recording of played) {
        answers.push(await client.get(`/api/recordings/${recording.id}/metadata`, bearer));
        answers.push(await client.get(`/api/recordings/${recording.id}/stream`, { ...bearer, range: 'bytes=0-99' }));
      }
      return answers;
    };
    const [floodAnswers, mine] = await Promise.all([flood(client, recordingId, 'forged'), userActions()]);
    client.close();

    expect(mine.map((a) => a.status)).toEqual(played.flatMap(() => [200, 206]));
    expect(floodAnswers.filter((a) => a.status === 429).length).toBeGreaterThan(0);
    const trail = await t.prisma.auditEvent.findMany({ where: { actorId: supervisor.id, recordingId: { in: played.map((r) => r.id) } } });
    for (const action of ['RECORDING_METADATA_VIEWED', 'RECORDING_PLAYED']) {
      const rows = trail.filter((row) => row.action === action);
      expect({
        action,
        recordings: new Set(rows.map((row) => row.recordingId)).size,
        rows: rows.length,
        ips: [...new Set(rows.map((row) => row.ip))],
      }).toEqual({
        action,
        recordings: 20,
        rows: 20,
        ips: [ip],
      });
    }
    const rows = await digestsCounting(ip, FLOOD);
    expect(rows.length).toBeLessThanOrEqual(10);
  });

  it('still audits a signed-in user refused for their role in a row of its own', async () => {
    const response = await fetch(`${t.url}/api/recordings/${recordingId}/download`, {
      headers: { authorization: `Bearer ${supervisor.token}` },
    });
    expect(response.status).toBe(403);
    const row = await t.prisma.auditEvent.findFirst({
      where: { action: 'ACCESS_DENIED', actorId: supervisor.id },
      orderBy: { seq: 'desc' },
    });
    expect(row).toMatchObject({ recordingId, details: { method: 'GET', path: `/api/recordings/${recordingId}/download` } });
  });
});
