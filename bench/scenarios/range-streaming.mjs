import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ensureCephS3 } from '../../tools/ceph/ceph-s3.mjs';
import { dirname, join } from 'node:path';
import { call, startApi, userToken } from '../lib/api.mjs';
import { flushRedis, withClient } from '../lib/db.mjs';
import { apiLines, linkSessions } from '../lib/link-sessions.mjs';
import { startLinkNginx, startNginx } from '../lib/nginx.mjs';
import { BENCH_DIR, TMP } from '../lib/paths.mjs';
import { run, withCpu } from '../lib/proc.mjs';
import { rangeLoad } from '../lib/range-client.mjs';
import { ensureSearchDatabase, SEARCH_DB } from '../lib/seed-calls.mjs';
import { prng, ratio, round } from '../lib/stats.mjs';

const CONCURRENCY = 16;
const RANGE_BYTES = 256 * 1024;
const SECONDS_OF_AUDIO = 625; // 8 kHz, 16-bit, 2 channels: 32,000 bytes/s → 20,000,044 bytes
const RECORDING_SID = `RE${'be'.padEnd(31, '0')}1`;
const CALL_SID = `CA${'be'.padEnd(31, '0')}1`;
const STORAGE_KEY = `2026/01/15/${RECORDING_SID}.wav`;
const LINK_PREFIX = '/media/';
/** Media-token requests after the first, as a player renews its link in a long session. */
const RENEWALS = 50;

/**
 * MB/s and time to first byte for random 256 KiB ranges of one stored ~20 MB recording at
 * concurrency 16, in the production topology (design 8), beside nginx serving the same file
 * unauthenticated. Throughput from wrk (C, so the client is not the limit); TTFB from a small
 * Node client at the same concurrency. Runs alternate project/anchor to share any noise.
 *
 * Default (MEDIA_DELIVERY=nginx): the project's deploy/nginx template in front of the API, as
 * docker-compose runs it. The player asks the API for a media token through nginx once per
 * session (authorised, audited: RECORDING_PLAYED) and renews it; the token's stream URL is a
 * link nginx checks itself (secure_link), so the ranges never reach Node. Counted: the API
 * requests per session, the link's issue latency, and the API requests and CPU while the
 * ranges run. `--media-delivery=proxy`: every range through GET /api/recordings/:id/stream
 * (the API sends the bytes). `--media-delivery=redirect`: the recording in the project's Ceph
 * bucket, the media token's stream URL is a presigned link and the ranges go straight to it.
 */
export default {
  name: 'range-streaming',
  async run({ log, quick, args = [] }) {
    const mode = args.find((a) => a.startsWith('--media-delivery='))?.split('=')[1] ?? 'nginx';
    if (!['nginx', 'proxy', 'redirect'].includes(mode)) throw new Error(`--media-delivery=${mode}: nginx, proxy or redirect`);
    const seconds = quick ? 4 : 8;
    const recordingsDir = join(TMP, 'recordings', 'streaming');
    const file = join(recordingsDir, STORAGE_KEY);
    const { size, sha256 } = ensureWav(file);
    await ensureSearchDatabase(log);
    await flushRedis();
    const s3 = mode === 'redirect' ? await uploadToCeph(file, log) : null;
    const recordingId = await seedRecording({ size, sha256, backend: s3 ? 'S3' : 'LOCAL' });

    const rand = prng(7);
    const ranges = Array.from({ length: 4096 }, () => {
      const start = Math.floor(rand() * (size - RANGE_BYTES));
      return { start, end: start + RANGE_BYTES - 1 };
    });
    const rangesFile = join(TMP, 'ranges.txt');
    writeFileSync(rangesFile, ranges.map((r) => `bytes=${r.start}-${r.end}`).join('\n') + '\n');

    const linkSecret = randomBytes(32).toString('hex');
    const linkEnv = {
      MEDIA_DELIVERY: 'nginx',
      MEDIA_LINK_SECRET: linkSecret,
      MEDIA_LINK_PREFIX: LINK_PREFIX,
      // nginx in front, on loopback, replaces X-Forwarded-For with the address it checks links against.
      TRUST_PROXY: 'loopback',
    };
    const api = await startApi('streaming-api', {
      database: SEARCH_DB,
      role: 'api',
      recordingsDir,
      env: { MEDIA_TOKEN_TTL_SECONDS: '3600', ...(s3?.apiEnv ?? {}), ...(mode === 'nginx' ? linkEnv : {}) },
    });
    const front =
      mode === 'nginx'
        ? await startLinkNginx({ api: `127.0.0.1:${api.port}`, recordingsDir, secret: linkSecret, prefix: LINK_PREFIX })
        : null;
    const nginx = await startNginx(recordingsDir, STORAGE_KEY);
    try {
      const entry = front?.url ?? api.url;
      const { token } = await userToken(entry, 'COMPLIANCE', 'compliance@bench.example');
      const sessions = front ? await linkSessions({ entry, recordingId, token, database: SEARCH_DB, renewals: RENEWALS }) : null;
      const media = await call(entry, `/api/recordings/${recordingId}/media-token`, { method: 'POST', token, expect: [200] });
      if (media.body.delivery !== mode) {
        throw new Error(`the media token says delivery ${media.body.delivery}, not ${mode}`);
      }
      const targets = {
        project: s3
          ? await presignedTarget(api.url, media.body.streamUrl)
          : { base: entry, path: media.body.streamUrl, pid: (front ?? api).proc.child.pid },
        anchor: { base: nginx.url, path: `/${STORAGE_KEY}`, pid: nginx.proc.child.pid },
      };
      await verifySameBytes(targets, ranges[0]);

      const wrkRuns = { project: [], anchor: [] };
      const nodeRuns = { project: [], anchor: [] };
      const apiDuringRanges = { requests: 0, cpuSeconds: 0 };
      log(`wrk -c${CONCURRENCY}: warm-up, then ${mode} and nginx alternately, 2 × ${seconds} s each`);
      for (const side of ['project', 'anchor']) await wrk(targets[side], rangesFile, 2);
      for (let round_ = 0; round_ < 2; round_ += 1) {
        for (const side of ['project', 'anchor']) {
          const apiLinesBefore = front ? apiLines(front.accessLog) : 0;
          const measured = await withCpu(api.proc.child.pid, () =>
            withCpu(targets[side].pid, () => wrk(targets[side], rangesFile, seconds)),
          );
          const { result, cpuSeconds, machineBusy } = measured.result;
          if (front && side === 'project') {
            apiDuringRanges.requests += apiLines(front.accessLog) - apiLinesBefore;
            apiDuringRanges.cpuSeconds += measured.cpuSeconds;
          }
          wrkRuns[side].push({
            ...result,
            cpuMsPerRequest: round((1000 * cpuSeconds) / result.requests, 3),
            machineBusy: round(machineBusy, 2),
          });
        }
      }
      log(`Node client (time to first byte), ${CONCURRENCY} connections, ${seconds} s each`);
      for (const side of ['project', 'anchor']) {
        nodeRuns[side].push(
          await rangeLoad({ url: `${targets[side].base}${targets[side].path}`, ranges, concurrency: CONCURRENCY, seconds }),
        );
      }

      const project = combine(wrkRuns.project, nodeRuns.project[0]);
      const anchor = combine(wrkRuns.anchor, nodeRuns.anchor[0]);
      const r = ratio(project.mbPerSecond, anchor.mbPerSecond);
      const clean = project.errors === 0 && project.non206 === 0;
      const server = { nginx: 'nginx with secure_link (deploy/nginx template)', proxy: 'the API', redirect: 'the RADOS Gateway' }[mode];
      return {
        name: 'range-streaming',
        metric:
          `MB/s of random 256 KiB ranges of a ${round(size / 1e6, 1)} MB recording at concurrency ${CONCURRENCY}, ` +
          {
            nginx: 'MEDIA_DELIVERY=nginx (production topology)',
            proxy: 'MEDIA_DELIVERY=proxy (every range through the API)',
            redirect: 'MEDIA_DELIVERY=redirect (presigned GETs to the Ceph gateway)',
          }[mode],
        unit: 'MB/s',
        project: project.mbPerSecond,
        anchor: anchor.mbPerSecond,
        ratio: r,
        goal: '≥ 0.70 of nginx',
        met: r >= 0.7 && clean && (front === null || apiDuringRanges.requests === 0),
        notes:
          `${project.requestsPerSecond} vs ${anchor.requestsPerSecond} ranges/s; time to first byte p50/p99 ` +
          `${project.ttfbMs.p50}/${project.ttfbMs.p99} ms (nginx ${anchor.ttfbMs.p50}/${anchor.ttfbMs.p99} ms); ` +
          `server CPU per range ${project.cpuMsPerRequest} ms (${server}) vs nginx ${anchor.cpuMsPerRequest} ms. ` +
          (sessions
            ? `API per session: 1 media-token request (${sessions.playedRows} RECORDING_PLAYED for ${sessions.issued} issues and renewals), ` +
              `issue p50/p99 ${sessions.renewMs.p50}/${sessions.renewMs.p99} ms (first of a session ${sessions.firstMs} ms); ` +
              `while the ranges ran: ${apiDuringRanges.requests} API requests, ${round(apiDuringRanges.cpuSeconds, 2)} s API CPU. `
            : '') +
          `MB = 10^6 bytes of body; wrk for throughput, Node client for TTFB; nginx: 1 worker, sendfile.` +
          (s3
            ? ' Project side: the RADOS Gateway serving the presigned link (its CPU is the server CPU), handed out in the media token (no API request per range).'
            : ''),
        details: {
          project,
          anchor,
          wrkRuns,
          nodeRuns,
          fileBytes: size,
          rangeBytes: RANGE_BYTES,
          mediaDelivery: mode,
          sessions,
          apiDuringRanges,
        },
      };
    } finally {
      await nginx.proc.stop();
      await front?.proc.stop();
      await api.proc.stop();
    }
  },
};

/** A WAV of SECONDS_OF_AUDIO of deterministic noise, written once and reused. */
function ensureWav(file) {
  const dataBytes = SECONDS_OF_AUDIO * 32_000;
  const size = 44 + dataBytes;
  if (!existsSync(file) || statSync(file).size !== size) {
    mkdirSync(dirname(file), { recursive: true });
    const buffer = Buffer.alloc(size);
    buffer.write('RIFF', 0);
    buffer.writeUInt32LE(size - 8, 4);
    buffer.write('WAVEfmt ', 8);
    buffer.writeUInt32LE(16, 16);
    buffer.writeUInt16LE(1, 20); // PCM
    buffer.writeUInt16LE(2, 22); // channels
    buffer.writeUInt32LE(8000, 24);
    buffer.writeUInt32LE(32_000, 28);
    buffer.writeUInt16LE(4, 32);
    buffer.writeUInt16LE(16, 34);
    buffer.write('data', 36);
    buffer.writeUInt32LE(dataBytes, 40);
    const rand = prng(1);
    for (let i = 44; i < size; i += 2) buffer.writeInt16LE(Math.floor((rand() - 0.5) * 6000), i);
    writeFileSync(file, buffer);
  }
  return { size, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

/** Puts the WAV into a fresh bucket of the project's Ceph; the API's settings to read it there. */
async function uploadToCeph(file, log) {
  const s3 = await ensureCephS3();
  const bucket = `callrec-bench-stream-${randomBytes(4).toString('hex')}`;
  log(`MEDIA_DELIVERY=redirect: the recording goes to bucket ${bucket} at ${s3.endpoint}`);
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: STORAGE_KEY, Body: readFileSync(file), ContentType: 'audio/wav' }));
  } finally {
    client.destroy();
  }
  return {
    apiEnv: {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      S3_BUCKET: bucket,
      S3_OBJECT_LOCK: 'off',
      MEDIA_DELIVERY: 'redirect',
      MEDIA_PRESIGN_SECONDS: '3600',
    },
  };
}

/**
 * The presigned link the media token hands out (MEDIA_DELIVERY=redirect), or where the API's stream
 * URL's 302 points (as a media element follows it once); the load goes there.
 */
async function presignedTarget(apiUrl, streamUrl) {
  let location = streamUrl;
  if (!/^https?:\/\//.test(streamUrl)) {
    const response = await fetch(`${apiUrl}${streamUrl}`, { redirect: 'manual', headers: { range: 'bytes=0-0' } });
    location = response.headers.get('location');
    if (response.status !== 302 || !location) throw new Error(`the stream URL answered ${response.status}, not a 302 to the bucket`);
  }
  const url = new URL(location);
  const pid = Number(execFileSync('pgrep', ['-o', '-x', 'radosgw'], { encoding: 'utf8' }).trim());
  return { base: url.origin, path: `${url.pathname}${url.search}`, pid };
}

/** The recording row (and its call), as the pipeline would have stored it; idempotent. */
async function seedRecording({ size, sha256, backend }) {
  return withClient(SEARCH_DB, async (c) => {
    const agent = (await c.query(`SELECT id FROM "User" WHERE email = 'agent-001@bench.example'`)).rows[0].id;
    await c.query(
      `INSERT INTO "CallRecord" (id, "agentId", "fromNumber", "toNumber", status, "placedAt", "answeredAt", "endedAt",
                                 "durationSeconds", "twilioCallSid", "updatedAt")
       VALUES ('00000000-0000-4000-8000-00000000be01', $1, '+15005550006', '+14155550199', 'completed',
               '2026-01-15 10:00:00', '2026-01-15 10:00:06', '2026-01-15 10:10:31', $2, $3, now())
       ON CONFLICT (id) DO NOTHING`,
      [agent, SECONDS_OF_AUDIO, CALL_SID],
    );
    const { rows } = await c.query(
      `INSERT INTO "Recording" (id, "callRecordId", "twilioRecordingSid", status, "storageKey", "storageBackend", sha256, "sizeBytes",
                                "durationSeconds", channels, "mimeType", "storedAt", "updatedAt")
       VALUES ('00000000-0000-4000-8000-00000000be02', '00000000-0000-4000-8000-00000000be01', $1, 'STORED', $2, $6::"StorageBackend",
               $3, $4, $5, 2, 'audio/wav', now(), now())
       ON CONFLICT (id) DO UPDATE SET status = 'STORED', "storageKey" = $2, "storageBackend" = $6::"StorageBackend", sha256 = $3, "sizeBytes" = $4
       RETURNING id`,
      [RECORDING_SID, STORAGE_KEY, sha256, size, SECONDS_OF_AUDIO, backend],
    );
    return rows[0].id;
  });
}

async function verifySameBytes(targets, range) {
  const bodies = [];
  for (const side of ['project', 'anchor']) {
    const response = await fetch(`${targets[side].base}${targets[side].path}`, { headers: { range: `bytes=${range.start}-${range.end}` } });
    if (response.status !== 206) throw new Error(`${side} answered ${response.status} to a range request`);
    bodies.push(Buffer.from(await response.arrayBuffer()));
  }
  if (!bodies[0].equals(bodies[1]) || bodies[0].length !== RANGE_BYTES) throw new Error('API and nginx returned different bytes');
}

async function wrk(target, rangesFile, seconds) {
  const out = await run('wrk', [
    '-t2',
    `-c${CONCURRENCY}`,
    `-d${seconds}s`,
    '--timeout',
    '10s',
    '-s',
    join(BENCH_DIR, 'lib/range-load.lua'),
    target.base,
    '--',
    target.path,
    rangesFile,
  ]);
  const summary = JSON.parse(
    out
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .pop(),
  );
  const secondsTaken = summary.duration_us / 1e6;
  const errors = Object.values(summary.errors).reduce((a, b) => a + b, 0);
  return {
    requests: summary.requests,
    seconds: round(secondsTaken, 2),
    bodyMbPerSecond: round((summary.requests * RANGE_BYTES) / 1e6 / secondsTaken, 1),
    wireMbPerSecond: round(summary.bytes / 1e6 / secondsTaken, 1),
    bytesPerResponse: Math.round(summary.bytes / Math.max(1, summary.requests)),
    latencyP50Ms: round(summary.p50_us / 1000, 2),
    latencyP99Ms: round(summary.p99_us / 1000, 2),
    errors,
  };
}

function combine(wrkRuns, node) {
  const requests = wrkRuns.reduce((sum, r) => sum + r.requests, 0);
  const seconds = wrkRuns.reduce((sum, r) => sum + r.seconds, 0);
  return {
    mbPerSecond: round((requests * RANGE_BYTES) / 1e6 / seconds, 1),
    requestsPerSecond: round(requests / seconds, 0),
    // CPU the server process used per range (the API's Postgres and Redis work not included).
    cpuMsPerRequest: round(wrkRuns.reduce((sum, r) => sum + r.cpuMsPerRequest * r.requests, 0) / requests, 3),
    machineBusy: round(wrkRuns.reduce((sum, r) => sum + r.machineBusy, 0) / wrkRuns.length, 2),
    ttfbMs: node.ttfbMs,
    errors: wrkRuns.reduce((sum, r) => sum + r.errors, 0) + node.errors,
    non206: node.non206,
  };
}
