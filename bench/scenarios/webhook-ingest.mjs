import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { EMULATOR, startApi } from '../lib/api.mjs';
import { dropDatabase, flushRedis, freshDatabase, withClient } from '../lib/db.mjs';
import { BENCH_DIR } from '../lib/paths.mjs';
import { freePort, start, waitForOutput, withCpu } from '../lib/proc.mjs';
import { ratio, round, summarize } from '../lib/stats.mjs';
import { signTwilio } from '../lib/sign.mjs';

const PATH = '/api/webhooks/twilio/recording-status';
// Its own database: ingestion writes only WebhookEvent, so the 10,000,000-call search seed would
// add nothing but a long wait and a shared table other scenarios read.
const DB = 'callrec_bench_webhook';
const CONNECTIONS = 50;

/**
 * Signed recording-status callbacks per second at 50 connections (autocannon) against the
 * built API with APP_ROLE=api, so only ingestion is measured (the queue just accumulates),
 * beside a bare Nest route of the same server shape. Every request is a distinct, validly
 * signed payload, so each one is stored (none takes the duplicate path).
 */
export default {
  name: 'webhook-ingest',
  async run({ log, quick }) {
    const rounds = quick ? 1 : 3;
    const slice = quick ? 4 : 5;
    await freshDatabase(DB);
    await flushRedis();

    const api = await startApi('webhook-api', { database: DB, role: 'api' });
    const port = await freePort();
    const bare = start('bare-nest', process.execPath, [join(BENCH_DIR, 'bare-nest/main.mjs')], {
      inheritEnv: false,
      env: { NODE_ENV: 'production', PORT: String(port), LOG_LEVEL: 'info' },
    });
    try {
      await waitForOutput(bare, 'bare nest listening', 30_000);
      const targets = {
        project: { url: `${api.url}${PATH}`, bodies: precompute(api.url, 150_000), runs: [] },
        anchor: { url: `http://127.0.0.1:${port}/bare`, bodies: precompute(api.url, 150_000), runs: [] },
      };
      log(`API (APP_ROLE=api) ${api.url} and bare Nest :${port}: warm-up, then ${rounds} × ${slice} s each, alternating`);
      targets.project.pid = api.proc.child.pid;
      targets.anchor.pid = bare.child.pid;
      for (const side of ['project', 'anchor']) await load(targets[side], 2);
      await withClient(DB, (c) => c.query('TRUNCATE "WebhookEvent"'));
      for (let i = 0; i < rounds; i += 1) {
        for (const side of ['project', 'anchor']) {
          const { result, cpuSeconds, machineBusy } = await withCpu(targets[side].pid, () => load(targets[side], slice));
          targets[side].runs.push({ ...result, cpuSeconds, machineBusy });
        }
      }
      const stored = await withClient(DB, async (c) => Number((await c.query('SELECT count(*) FROM "WebhookEvent"')).rows[0].count));
      const project = combine(targets.project.runs);
      const anchor = combine(targets.anchor.runs);
      project.distinctPayloads = targets.project.bodies.next <= targets.project.bodies.list.length;
      const r = ratio(project.rate, anchor.rate);
      const met = r >= 0.6 && project.p99 < 50 && project.errors === 0 && project.non2xx === 0 && stored >= project.ok;
      return {
        name: 'webhook-ingest',
        metric: `signed recording-status callbacks/s at ${CONNECTIONS} connections`,
        unit: 'req/s',
        project: project.rate,
        anchor: anchor.rate,
        ratio: r,
        goal: '≥ 0.60 of the bare route and p99 < 50 ms',
        met,
        notes:
          `p50/p99 ${project.p50}/${project.p99} ms (bare ${anchor.p50}/${anchor.p99} ms); ` +
          `server CPU per request ${project.cpuMsPerRequest} ms vs bare ${anchor.cpuMsPerRequest} ms; ` +
          `${project.ok} distinct callbacks answered 204 and ${stored} WebhookEvent rows stored (the rest were in flight when a slice ended); ` +
          `non-2xx ${project.non2xx}, errors ${project.errors}. APP_ROLE=api: nothing consumes the queue, so this is ` +
          'signature check + insert + enqueue only.',
        details: { project, anchor, webhookEventsStored: stored, connections: CONNECTIONS, slices: { rounds, seconds: slice } },
      };
    } finally {
      await bare.stop();
      await api.proc.stop();
      await dropDatabase(DB);
    }
  },
};

/** Distinct completed-recording callbacks, each signed for PUBLIC_BASE_URL + path. */
function precompute(publicBaseUrl, count) {
  const url = `${publicBaseUrl}${PATH}`;
  const list = new Array(count);
  const start = Math.floor(Date.now() / 1000);
  for (let i = 0; i < count; i += 1) {
    const callSid = `CA${randomBytes(16).toString('hex')}`;
    const recordingSid = `RE${randomBytes(16).toString('hex')}`;
    const params = {
      AccountSid: EMULATOR.accountSid,
      CallSid: callSid,
      ErrorCode: '0',
      RecordingChannels: '2',
      RecordingDuration: String(30 + (i % 300)),
      RecordingSid: recordingSid,
      RecordingSource: 'OutboundAPI',
      RecordingStartTime: new Date((start - 600 + (i % 500)) * 1000).toUTCString().replace('GMT', '+0000'),
      RecordingStatus: 'completed',
      RecordingTrack: 'both',
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${EMULATOR.accountSid}/Recordings/${recordingSid}`,
    };
    // The bare route gets the same kind of bytes; it simply checks no signature.
    list[i] = { body: new URLSearchParams(params).toString(), signature: signTwilio(EMULATOR.authToken, url, params) };
  }
  return { list, next: 0 };
}

/** One autocannon run; every response time is kept so slices can be combined exactly. */
function load(target, seconds) {
  const { bodies } = target;
  const times = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: 'POST',
        connections: CONNECTIONS,
        duration: seconds,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        requests: [
          {
            setupRequest: (req) => {
              const item = bodies.list[bodies.next % bodies.list.length];
              bodies.next += 1;
              return { ...req, body: item.body, headers: { ...req.headers, 'x-twilio-signature': item.signature } };
            },
          },
        ],
      },
      (error, result) =>
        error
          ? reject(error)
          : resolve({
              ok: result['2xx'],
              seconds: result.duration,
              non2xx: result.non2xx,
              errors: result.errors,
              timeouts: result.timeouts,
              times,
            }),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

function combine(runs) {
  const ok = runs.reduce((sum, r) => sum + r.ok, 0);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  const times = runs.flatMap((r) => r.times);
  const latency = summarize(times);
  return {
    rate: round(ok / seconds, 1),
    ok,
    seconds: round(seconds, 2),
    p50: latency.p50,
    p99: latency.p99,
    max: latency.max,
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    timeouts: runs.reduce((sum, r) => sum + r.timeouts, 0),
    // CPU the server process used per answered request (Postgres and Redis not included).
    cpuMsPerRequest: round((1000 * runs.reduce((sum, r) => sum + r.cpuSeconds, 0)) / Math.max(1, ok), 3),
    machineBusy: round(runs.reduce((sum, r) => sum + r.machineBusy, 0) / runs.length, 2),
    perSlice: runs.map((r) => ({ rate: round(r.ok / r.seconds, 1), p99: summarize(r.times).p99, machineBusy: round(r.machineBusy, 2) })),
  };
}
