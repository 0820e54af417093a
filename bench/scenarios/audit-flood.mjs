import autocannon from 'autocannon';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { call, startApi, userToken } from '../lib/api.mjs';
import { dropDatabase, flushRedis, freshDatabase, withClient } from '../lib/db.mjs';
import { sleep, withCpu } from '../lib/proc.mjs';
import { ratio, round, summarize } from '../lib/stats.mjs';

const DATABASE = 'callrec_bench_flood';
const REFUSED = 600;
const USER_CONNECTIONS = 4;
const FLOOD_CONNECTIONS = 50;
/** Digests are written once their minute has closed (plus a few seconds); this is the ceiling on waiting. */
const DIGEST_WAIT_MS = 150_000;

/**
 * A signed-in SUPERVISOR's audited actions (GET /api/recordings/:id/metadata, each one a
 * RECORDING_METADATA_VIEWED appended to the hash chain) with and without a flood of refused
 * media requests (no token, bad tokens) from the same address, in alternating slices; and
 * the audit rows 600 refused media requests leave behind. The API runs with APP_ROLE=all so
 * the ACCESS_DENIED digests are written by its worker as they would be in production.
 */
export default {
  name: 'audit-flood',
  async run({ log, quick }) {
    const rounds = quick ? 1 : 3;
    const slice = quick ? 3 : 5;
    await freshDatabase(DATABASE);
    await flushRedis();
    const api = await startApi('flood-api', { database: DATABASE, role: 'all' });
    try {
      const { token, adminToken } = await userToken(api.url, 'SUPERVISOR', 'supervisor@bench.example');
      const recordingId = await seedRecording(api, adminToken);
      const refusedPaths = [
        `/api/recordings/${recordingId}/stream`,
        `/api/recordings/${recordingId}/stream?token=not-a-token`,
        `/api/recordings/${recordingId}/download`,
        `/api/recordings/${randomUUID()}/stream?token=forged.${randomBytes(8).toString('hex')}`,
      ];
      await call(api.url, `/api/recordings/${recordingId}/metadata`, { token, expect: [200] });

      log(`${REFUSED} refused media requests, then waiting for their ACCESS_DENIED digests`);
      const before = await deniedSince(new Date(0));
      const burst = await load({ url: api.url, paths: refusedPaths, connections: 20, amount: REFUSED });
      const burstRows = await waitForDigests(before.counted + REFUSED, before);

      const user = {
        url: api.url,
        paths: [`/api/recordings/${recordingId}/metadata`],
        connections: USER_CONNECTIONS,
        headers: { authorization: `Bearer ${token}` },
      };
      const runs = { quiet: [], flood: [], floodSide: [] };
      log(
        `audited actions at ${USER_CONNECTIONS} connections: ${rounds} × ${slice} s alone and beside a ${FLOOD_CONNECTIONS}-connection flood, alternating`,
      );
      await load({ ...user, seconds: 1 });
      const viewsBefore = await countViews();
      const floodBefore = await deniedSince(new Date(0));
      const floodStarted = Date.now();
      for (let i = 0; i < rounds; i += 1) {
        const quiet = await withCpu(api.proc.child.pid, () => load({ ...user, seconds: slice }));
        runs.quiet.push({ ...quiet.result, machineBusy: quiet.machineBusy });
        const both = await withCpu(api.proc.child.pid, () =>
          Promise.all([
            load({ ...user, seconds: slice }),
            load({ url: api.url, paths: refusedPaths, connections: FLOOD_CONNECTIONS, seconds: slice }),
          ]),
        );
        runs.flood.push({ ...both.result[0], machineBusy: both.machineBusy });
        runs.floodSide.push(both.result[1]);
      }
      // At most one digest per minute the flood touched may land while it still runs.
      const minutesTouched = Math.floor(Date.now() / 60_000) - Math.floor(floodStarted / 60_000) + 1;
      const viewsWritten = (await countViews()) - viewsBefore;
      const refusedInFlood = runs.floodSide.reduce((sum, r) => sum + r.answered, 0);
      const rowsDuringFlood = (await deniedSince(new Date(0))).rows - floodBefore.rows;
      log(`flood: ${refusedInFlood} refused requests; waiting for their digests`);
      const floodRows = await waitForDigests(floodBefore.counted + refusedInFlood, floodBefore);

      const quiet = combine(runs.quiet);
      const flood = combine(runs.flood);
      const answeredViews = quiet.ok + flood.ok;
      const r = ratio(flood.rate, quiet.rate);
      const floodStatuses = mergeStatuses(runs.floodSide);
      const met =
        burstRows.rows <= 10 &&
        burstRows.counted === REFUSED &&
        rowsDuringFlood <= minutesTouched &&
        flood.non2xx === 0 &&
        flood.errors === 0 &&
        quiet.non2xx === 0 &&
        viewsWritten >= answeredViews;
      return {
        name: 'audit-flood',
        metric: `audited actions/s of a signed-in user (metadata views, ${USER_CONNECTIONS} connections) during a ${FLOOD_CONNECTIONS}-connection flood of refused media requests`,
        unit: 'actions/s',
        project: flood.rate,
        anchor: quiet.rate,
        ratio: r,
        // The ratio is reported, not judged: it is the share of one Node process the flood leaves
        // (each refused request costs about what the cheapest signed-in request does), not a wait
        // for the audit lock, which the goal below is about.
        goal: 'every audited action answered and in the trail, no refused request written to the audit log while the flood runs (≤ 1 digest per minute), ≤ 10 audit rows for 600 refused media requests',
        met,
        notes:
          `audited actions p50/p99 ${flood.p50}/${flood.p99} ms during the flood, ${quiet.p50}/${quiet.p99} ms without; ` +
          `${REFUSED} refused media requests wrote ${burstRows.rows} audit rows counting ${burstRows.counted} (answers ${JSON.stringify(burst.statuses)}); ` +
          `the flood: ${round(refusedInFlood / (rounds * slice), 1)} refused requests/s (${JSON.stringify(floodStatuses)}), ${rowsDuringFlood} audit rows written while it ran, ` +
          `${floodRows.rows} digests counting ${floodRows.counted} afterwards; ${viewsWritten} RECORDING_METADATA_VIEWED rows for ${answeredViews} answered views.`,
        details: {
          withFlood: flood,
          withoutFlood: quiet,
          refused600: { answers: burst.statuses, auditRows: burstRows.rows, counted: burstRows.counted },
          flood: {
            refused: refusedInFlood,
            answers: floodStatuses,
            auditRowsWhileRunning: rowsDuringFlood,
            minutesTouched,
            digests: floodRows.rows,
            counted: floodRows.counted,
          },
          auditedViews: { answered: answeredViews, rows: viewsWritten },
          slices: { rounds, seconds: slice },
        },
      };
    } finally {
      await api.proc.stop();
      await dropDatabase(DATABASE).catch(() => undefined);
    }
  },
};

/** A stored recording with a real file, as the pipeline would leave it. */
async function seedRecording(api, adminToken) {
  const agent = await call(api.url, '/api/users', {
    method: 'POST',
    token: adminToken,
    body: { email: 'agent@bench.example', name: 'Bench agent', role: 'AGENT', password: 'bench-agent-password-1' },
    expect: [201],
  });
  const sid = `RE${randomBytes(16).toString('hex')}`;
  const storageKey = `2026/01/15/${sid}.wav`;
  const body = randomBytes(64 * 1024);
  mkdirSync(dirname(join(api.recordingsDir, storageKey)), { recursive: true });
  writeFileSync(join(api.recordingsDir, storageKey), body);
  return withClient(DATABASE, async (c) => {
    const callId = randomUUID();
    await c.query(
      `INSERT INTO "CallRecord" (id, "agentId", "fromNumber", "toNumber", status, "placedAt", "durationSeconds", "twilioCallSid", "updatedAt")
       VALUES ($1, $2, '+15005550006', '+14155550123', 'completed', now(), 2, $3, now())`,
      [callId, agent.body.id, `CA${randomBytes(16).toString('hex')}`],
    );
    const { rows } = await c.query(
      `INSERT INTO "Recording" (id, "callRecordId", "twilioRecordingSid", status, "storageKey", sha256, "sizeBytes", "durationSeconds", channels, "mimeType", "storedAt", "updatedAt")
       VALUES ($1, $2, $3, 'STORED', $4, $5, $6, 2, 2, 'audio/wav', now(), now()) RETURNING id`,
      [randomUUID(), callId, sid, storageKey, createHash('sha256').update(body).digest('hex'), body.length],
    );
    return rows[0].id;
  });
}

/** ACCESS_DENIED rows so far and the refused requests they count (a row without a count is one). */
function deniedSince(from) {
  return withClient(DATABASE, async (c) => {
    const { rows } = await c.query(
      `SELECT count(*)::int AS rows, coalesce(sum(coalesce((details->>'count')::int, 1)), 0)::int AS counted
       FROM "AuditEvent" WHERE action = 'ACCESS_DENIED' AND "actorId" IS NULL AND at >= $1`,
      [from],
    );
    return rows[0];
  });
}

/** Waits (at most DIGEST_WAIT_MS) until the rows count `total` refused requests; what was written since `before`. */
async function waitForDigests(total, before) {
  const deadline = Date.now() + DIGEST_WAIT_MS;
  let now = await deniedSince(new Date(0));
  while (now.counted < total && Date.now() < deadline) {
    await sleep(1000);
    now = await deniedSince(new Date(0));
  }
  return { rows: now.rows - before.rows, counted: now.counted - before.counted };
}

function countViews() {
  return withClient(
    DATABASE,
    async (c) => (await c.query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'RECORDING_METADATA_VIEWED'`)).rows[0].n,
  );
}

/** One autocannon run over `paths` in turn, for `seconds` or `amount` requests; every response time kept. */
function load({ url, paths, connections, seconds, amount, headers = {} }) {
  const times = [];
  const statuses = {};
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        ...(amount ? { amount } : { duration: seconds }),
        headers,
        requests: [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
      },
      (error, result) =>
        error
          ? reject(error)
          : resolve({
              ok: result['2xx'],
              answered: Object.values(statuses).reduce((a, b) => a + b, 0),
              seconds: result.duration,
              non2xx: result.non2xx,
              errors: result.errors,
              statuses,
              times,
            }),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      times.push(responseTime);
    });
  });
}

function combine(runs) {
  const ok = runs.reduce((sum, r) => sum + r.ok, 0);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  const latency = summarize(runs.flatMap((r) => r.times));
  return {
    rate: round(ok / seconds, 1),
    ok,
    seconds: round(seconds, 2),
    p50: latency.p50,
    p99: latency.p99,
    max: latency.max,
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    machineBusy: round(runs.reduce((sum, r) => sum + r.machineBusy, 0) / runs.length, 2),
    perSlice: runs.map((r) => ({ rate: round(r.ok / r.seconds, 1), p99: summarize(r.times).p99 })),
  };
}

function mergeStatuses(runs) {
  const merged = {};
  for (const run of runs) for (const [status, n] of Object.entries(run.statuses)) merged[status] = (merged[status] ?? 0) + n;
  return merged;
}
