import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, EMULATOR, startApi, userToken } from '../lib/api.mjs';
import { dropDatabase, flushRedis, freshDatabase, withClient } from '../lib/db.mjs';
import { recordCalls, startFastEmulator, withIngestApi } from '../lib/ingest.mjs';
import { assertStoredEncrypted, benchKeyring, sealedSize } from '../lib/keyring.mjs';
import { BENCH_DIR, TMP } from '../lib/paths.mjs';
import { run, withCpu } from '../lib/proc.mjs';
import { rangeLoad } from '../lib/range-client.mjs';
import { prng, ratio, round } from '../lib/stats.mjs';

const NAME = 'encrypted-ranges';
const DB = 'callrec_bench_encrypted_ranges';
const CONCURRENCY = 16;
const RANGE_BYTES = 256 * 1024;
const CALL_SECONDS = 100; // 8 kHz 16-bit stereo WAV: 3,200,044 bytes each

/**
 * Design 8 / 9.5: what encryption at rest costs playback. The range-streaming load (random
 * 256 KiB ranges at concurrency 16 through GET /api/recordings/:id/stream?token=<media token>,
 * wrk for MB/s, a Node client for time to first byte) on encrypted recordings, beside the very
 * same load on their unencrypted twins, through the same API process, in alternating slices.
 *
 * The fixture is made by the product itself, in a database of its own: calls placed through the
 * API and recorded by the emulator, downloaded and stored by the worker — first with no keyring
 * (the twins), then with a keyring drawn for the run, so the encrypted objects are sealed and
 * their data keys wrapped exactly as production writes them. A twin has the same duration (so
 * the same size) and the same place in the range list; only its audio's noise differs, which
 * costs nothing different to serve. Every range asks the API for the recording's row, and for an
 * encrypted one its wrapped data key, unwraps it and decrypts the 64 KiB chunks the range touches.
 */
export default {
  name: NAME,
  async run({ log, quick }) {
    const perSide = quick ? 6 : 20;
    const seconds = quick ? 4 : 8;
    const rounds = quick ? 1 : 3;
    const keyring = benchKeyring();
    const recordingsDir = join(TMP, 'recordings', NAME);
    rmSync(recordingsDir, { recursive: true, force: true });
    await freshDatabase(DB);
    await flushRedis();
    try {
      const { plain, sealed, encryption, reference } = await makeFixture({ log, perSide, keyring, recordingsDir });
      const size = plain[0].sizeBytes;

      // The measuring API can read both kinds: it has the keyring (unencrypted rows are read as they lie).
      const api = await startApi(`${NAME}-api`, {
        database: DB,
        role: 'api',
        recordingsDir,
        env: { MEDIA_TOKEN_TTL_SECONDS: '3600', ...keyring.apiEnv },
      });
      try {
        const { token } = await userToken(api.url, 'COMPLIANCE', 'compliance@bench.example');
        const streamUrl = async (id) =>
          (await call(api.url, `/api/recordings/${id}/media-token`, { method: 'POST', token, expect: [200] })).body.streamUrl;
        const paths = { project: [], anchor: [] };
        for (const r of sealed) paths.project.push(await streamUrl(r.id));
        for (const r of plain) paths.anchor.push(await streamUrl(r.id));

        // The same (recording, offset) sequence on both sides.
        const rand = prng(11);
        const picks = Array.from({ length: 4096 }, () => {
          const index = Math.floor(rand() * perSide);
          const start = Math.floor(rand() * (size - RANGE_BYTES));
          return { index, start, end: start + RANGE_BYTES - 1 };
        });
        const sides = {};
        for (const side of ['project', 'anchor']) {
          const ranges = picks.map((p) => ({ ...p, url: `${api.url}${paths[side][p.index]}` }));
          const file = join(TMP, `${NAME}-${side}.txt`);
          writeFileSync(file, ranges.map((r) => `${paths[side][r.index]} bytes=${r.start}-${r.end}`).join('\n') + '\n');
          sides[side] = { ranges, file };
        }
        await verifyBytes({ api, sides, reference, sealed, token });

        const wrkRuns = { project: [], anchor: [] };
        log(`wrk -c${CONCURRENCY}: warm-up, then encrypted and unencrypted alternately, ${rounds * 2} × ${seconds} s each`);
        // 4 s each: the decrypting path is JIT-compiled before anything counts.
        for (const side of ['project', 'anchor']) await wrk(api.url, sides[side].file, quick ? 2 : 4);
        for (let i = 0; i < rounds * 2; i += 1) {
          // ABBA: neither side always goes first.
          const order = i % 2 === 0 ? ['project', 'anchor'] : ['anchor', 'project'];
          for (const side of order) {
            const { result, cpuSeconds, machineBusy } = await withCpu(api.proc.child.pid, () => wrk(api.url, sides[side].file, seconds));
            wrkRuns[side].push({
              ...result,
              cpuMsPerRequest: round((1000 * cpuSeconds) / result.requests, 3),
              machineBusy: round(machineBusy, 2),
            });
          }
        }
        log(`Node client (time to first byte), ${CONCURRENCY} connections, ${seconds} s each`);
        const nodeRuns = {};
        for (const side of ['project', 'anchor']) {
          nodeRuns[side] = await rangeLoad({ url: api.url, ranges: sides[side].ranges, concurrency: CONCURRENCY, seconds });
        }

        const project = combine(wrkRuns.project, nodeRuns.project);
        const anchor = combine(wrkRuns.anchor, nodeRuns.anchor);
        const r = ratio(project.mbPerSecond, anchor.mbPerSecond);
        const clean = project.errors === 0 && project.non206 === 0 && anchor.errors === 0 && anchor.non206 === 0;
        return {
          name: NAME,
          metric:
            `MB/s of random 256 KiB ranges over ${perSide} encrypted recordings of ${round(size / 1e6, 1)} MB at concurrency ` +
            `${CONCURRENCY}, through the API's stream route`,
          unit: 'MB/s',
          project: project.mbPerSecond,
          anchor: anchor.mbPerSecond,
          ratio: r,
          goal: '≥ 0.80 of the same load on the unencrypted twins',
          met: r >= 0.8 && clean,
          notes:
            `${project.requestsPerSecond} vs ${anchor.requestsPerSecond} ranges/s; time to first byte p50/p99 ` +
            `${project.ttfbMs.p50}/${project.ttfbMs.p99} ms (unencrypted ${anchor.ttfbMs.p50}/${anchor.ttfbMs.p99} ms); API CPU per ` +
            `range ${project.cpuMsPerRequest} ms vs ${anchor.cpuMsPerRequest} ms. Both sides: the same API process (with the run's ` +
            `keyring, KEK ${keyring.kekId}), the same COMPLIANCE user and media tokens, the same recording/offset sequence; ` +
            `fixture ingested through the emulator by the product (unencrypted, then encrypted); every encrypted row, key and ` +
            `file checked, and ranges of both compared byte for byte with the emulator's audio. MB = 10^6 bytes of body.`,
          details: {
            project,
            anchor,
            wrkRuns,
            nodeRuns,
            recordingsPerSide: perSide,
            fileBytes: size,
            storedBytesEncrypted: sealed[0].storedBytes,
            rangeBytes: RANGE_BYTES,
            encryption: { on: true, ...encryption },
          },
        };
      } finally {
        await api.proc.stop();
      }
    } finally {
      await dropDatabase(DB);
      rmSync(recordingsDir, { recursive: true, force: true });
      for (const side of ['project', 'anchor']) rmSync(join(TMP, `${NAME}-${side}.txt`), { force: true });
    }
  },
};

/**
 * `perSide` unencrypted recordings, then `perSide` encrypted ones, all stored by the product's
 * own pipeline from the emulator; checks the encrypted ones are sealed. `reference`: the
 * emulator's audio of the first of each, to compare the API's ranges with.
 */
async function makeFixture({ log, perSide, keyring, recordingsDir }) {
  const emulator = await startFastEmulator(`${NAME}-emulator`);
  try {
    const ingest = (phase, env, firstNumber) =>
      withIngestApi({ name: `${NAME}-ingest-${phase}`, database: DB, recordingsDir, emulator, env }, async ({ apiUrl, token }) => {
        const callSids = await recordCalls({
          log: (line) => log(`${phase}: ${line}`),
          apiUrl,
          emulatorUrl: emulator.url,
          database: DB,
          token,
          calls: perSide,
          callSeconds: CALL_SECONDS,
          firstNumber,
          storedAfter: firstNumber + perSide,
        });
        return rowsOf(callSids);
      });
    // Unencrypted first: an API without a keyring never meets an encrypted row.
    const plain = await ingest('unencrypted', {}, 0);
    const sealed = await ingest('encrypted', keyring.apiEnv, perSide);
    if (plain.some((r) => r.encrypted || r.storageKey.endsWith('.enc'))) throw new Error('an unencrypted twin was stored encrypted');
    const sizes = new Set([...plain, ...sealed].map((r) => r.sizeBytes));
    if (sizes.size !== 1) throw new Error(`the recordings differ in size (${[...sizes].join(', ')}): they are not twins`);
    const encryption = await assertStoredEncrypted(DB, { kekId: keyring.kekId, recordingsDir, only: sealed.map((r) => r.id) });
    log(`fixture: ${perSide} unencrypted and ${perSide} encrypted recordings (KEK ${keyring.kekId}), all checked`);
    const reference = {};
    for (const [side, row] of [
      ['anchor', plain[0]],
      ['project', sealed[0]],
    ]) {
      const response = await fetch(
        `${emulator.url}/2010-04-01/Accounts/${EMULATOR.accountSid}/Recordings/${row.sid}.wav?RequestedChannels=2`,
        {
          headers: { authorization: `Basic ${Buffer.from(`${EMULATOR.accountSid}:${EMULATOR.authToken}`).toString('base64')}` },
        },
      );
      if (!response.ok) throw new Error(`the emulator answered ${response.status} for ${row.sid}`);
      reference[side] = Buffer.from(await response.arrayBuffer());
      if (createHash('sha256').update(reference[side]).digest('hex') !== row.sha256)
        throw new Error(`${row.sid}: stored sha256 differs from the emulator's audio`);
    }
    return { plain, sealed, encryption, reference };
  } finally {
    await emulator.proc.stop();
  }
}

async function rowsOf(callSids) {
  return withClient(DB, async (c) => {
    const { rows } = await c.query(
      `SELECT r.id, r."twilioRecordingSid" AS sid, r."storageKey", r."sizeBytes"::bigint AS size, r.encrypted, r.sha256
       FROM "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
       WHERE c."twilioCallSid" = ANY($1) ORDER BY r."twilioRecordingSid"`,
      [callSids],
    );
    if (rows.length !== callSids.length) throw new Error(`${callSids.length} calls placed but ${rows.length} recordings found`);
    return rows.map((r) => ({ ...r, sizeBytes: Number(r.size), storedBytes: r.encrypted ? sealedSize(Number(r.size)) : Number(r.size) }));
  });
}

/**
 * The first range of each side, byte for byte against the emulator's audio of its recording
 * (picked so both hit the first recording of their side), and one whole encrypted recording
 * through the stream route against its row's sha256.
 */
async function verifyBytes({ api, sides, reference, sealed, token }) {
  for (const side of ['project', 'anchor']) {
    const range = sides[side].ranges.find((r) => r.index === 0);
    const response = await fetch(range.url, { headers: { range: `bytes=${range.start}-${range.end}` } });
    if (response.status !== 206) throw new Error(`${side} answered ${response.status} to a range request`);
    const body = Buffer.from(await response.arrayBuffer());
    if (!body.equals(reference[side].subarray(range.start, range.end + 1)))
      throw new Error(`${side}: the API's range differs from the emulator's audio`);
  }
  const whole = await fetch(`${api.url}/api/recordings/${sealed[0].id}/stream`, { headers: { authorization: `Bearer ${token}` } });
  const hash = createHash('sha256')
    .update(Buffer.from(await whole.arrayBuffer()))
    .digest('hex');
  if (whole.status !== 200 || hash !== sealed[0].sha256)
    throw new Error(`the whole encrypted recording answered ${whole.status} with another sha256`);
}

async function wrk(base, rangesFile, seconds) {
  const out = await run('wrk', [
    '-t2',
    `-c${CONCURRENCY}`,
    `-d${seconds}s`,
    '--timeout',
    '10s',
    '-s',
    join(BENCH_DIR, 'lib/range-load.lua'),
    base,
    '--',
    '/',
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
  return {
    requests: summary.requests,
    seconds: round(secondsTaken, 2),
    bodyMbPerSecond: round((summary.requests * RANGE_BYTES) / 1e6 / secondsTaken, 1),
    bytesPerResponse: Math.round(summary.bytes / Math.max(1, summary.requests)),
    latencyP50Ms: round(summary.p50_us / 1000, 2),
    latencyP99Ms: round(summary.p99_us / 1000, 2),
    errors: Object.values(summary.errors).reduce((a, b) => a + b, 0),
  };
}

function combine(wrkRuns, node) {
  const requests = wrkRuns.reduce((sum, r) => sum + r.requests, 0);
  const seconds = wrkRuns.reduce((sum, r) => sum + r.seconds, 0);
  return {
    mbPerSecond: round((requests * RANGE_BYTES) / 1e6 / seconds, 1),
    requestsPerSecond: round(requests / seconds, 0),
    // CPU the API process used per range (its Postgres and Redis work not included).
    cpuMsPerRequest: round(wrkRuns.reduce((sum, r) => sum + r.cpuMsPerRequest * r.requests, 0) / requests, 3),
    machineBusy: round(wrkRuns.reduce((sum, r) => sum + r.machineBusy, 0) / wrkRuns.length, 2),
    ttfbMs: node.ttfbMs,
    errors: wrkRuns.reduce((sum, r) => sum + r.errors, 0) + node.errors,
    non206: node.non206,
  };
}
