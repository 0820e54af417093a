import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { call, EMULATOR, startApi, startEmulator, userToken } from './api.mjs';
import { dropDatabase, flushRedis, freshDatabase, withClient } from './db.mjs';
import { benchKeyring, assertStoredEncrypted } from './keyring.mjs';
import { TMP } from './paths.mjs';
import { run, sleep } from './proc.mjs';
import { ratio, round } from './stats.mjs';

const CONCURRENCY = 4; // DOWNLOAD_CONCURRENCY (the product's default), and curl's parallelism
const CALL_SECONDS = 60; // each recording: 60 s of 8 kHz 16-bit stereo WAV ≈ 1.92 MB

/**
 * Recordings downloaded from the emulator, hashed, verified and stored per second by the real
 * pipeline (POST /api/calls → emulator → signed callbacks → queue → worker), timed from the
 * first `completed` recording callback to the last recording STORED — beside curl | sha256sum
 * of the same media URLs into files, with the same parallelism. `target` says where both write:
 * local disk (recording-ingest), or an S3 bucket (recording-ingest-s3: the product with
 * STORAGE_DRIVER=s3, the anchor curl then one PutObject per file through the AWS SDK).
 * With `encrypted` the API runs with a keyring drawn for the run (ENCRYPTION_KEYS), so each
 * recording is also sealed (chunked AES-256-GCM) and its wrapped data key saved; the run then
 * checks that every row, key and (on local disk) file is stored encrypted.
 */
export function ingestScenario({ name, prepare, encrypted = false }) {
  return {
    name,
    run: async (options) => runIngest({ ...options, name, target: await prepare(options.log), keyring: encrypted ? benchKeyring() : null }),
  };
}

async function runIngest({ log, quick, name, target, keyring }) {
  const DB = `callrec_bench_${name.replace(/-/g, '_')}`;
  {
    if (keyring) log(`encryption on: ENCRYPTION_KEYS holds one KEK drawn for this run (id ${keyring.kekId})`);
    const calls = quick ? 16 : 120;
    const productDir = join(TMP, 'recordings', name);
    const rawDir = join(TMP, `${name}-raw`);
    for (const dir of [productDir, rawDir]) rmSync(dir, { recursive: true, force: true });
    mkdirSync(rawDir, { recursive: true });
    await freshDatabase(DB);
    await flushRedis();
    const emulator = await startEmulator('ingest-emulator');
    try {
      await control(emulator.url, 'PUT', '/config', { timing: { ringDelayMs: 20, answerDelayMs: 50 } });
      const api = await startApi(`${name}-api`, {
        database: DB,
        role: 'all',
        recordingsDir: productDir,
        env: {
          TWILIO_EMULATOR_PORT: String(emulator.port),
          DOWNLOAD_CONCURRENCY: String(CONCURRENCY),
          ...target.apiEnv,
          ...(keyring?.apiEnv ?? {}),
        },
      });
      let project;
      let stored;
      let encryption = null;
      try {
        const { token } = await userToken(api.url, 'AGENT', 'agent@bench.example');
        await recordCalls({ log, apiUrl: api.url, emulatorUrl: emulator.url, database: DB, token, calls, callSeconds: CALL_SECONDS });
        ({ project, stored } = await withClient(DB, async (c) => {
          const window = (
            await c.query(`SELECT
              (SELECT min("receivedAt") FROM "WebhookEvent" WHERE kind = 'recording-status' AND payload->>'RecordingStatus' = 'completed') AS first,
              (SELECT max("storedAt") FROM "Recording") AS last,
              (SELECT sum("sizeBytes")::bigint FROM "Recording") AS bytes`)
          ).rows[0];
          const rows = (await c.query(`SELECT "twilioRecordingSid" AS sid, sha256, "sizeBytes" AS size FROM "Recording"`)).rows;
          const seconds = (window.last - window.first) / 1000;
          return {
            project: {
              recordings: calls,
              seconds: round(seconds, 2),
              rate: round(calls / seconds, 2),
              mbPerSecond: round(Number(window.bytes) / 1e6 / seconds, 1),
            },
            stored: rows,
          };
        }));
        if (keyring)
          encryption = await assertStoredEncrypted(DB, { kekId: keyring.kekId, recordingsDir: target.local ? productDir : null });
      } finally {
        await api.proc.stop();
      }

      log(
        `curl | tee | sha256sum of the same ${calls} media URLs, ${CONCURRENCY} at a time${target.upload ? ', then an S3 PUT of each' : ''}`,
      );
      const list = stored.flatMap((r) => [
        `${emulator.url}/2010-04-01/Accounts/${EMULATOR.accountSid}/Recordings/${r.sid}.wav?RequestedChannels=2`,
        join(rawDir, `${r.sid}.wav`),
      ]);
      const t0 = performance.now();
      await run(
        'xargs',
        [
          '-P',
          String(CONCURRENCY),
          '-n',
          '2',
          'bash',
          '-c',
          'set -o pipefail; curl -sf -u "$AUTH" "$0" | tee "$1" | sha256sum > "$1.sha256"',
        ],
        {
          env: { AUTH: `${EMULATOR.accountSid}:${EMULATOR.authToken}` },
          input: `${list.join('\n')}\n`,
        },
      );
      if (target.upload)
        await target.upload(
          stored.map((r) => join(rawDir, `${r.sid}.wav`)),
          CONCURRENCY,
        );
      const seconds = (performance.now() - t0) / 1000;
      const anchor = { recordings: calls, seconds: round(seconds, 2), rate: round(calls / seconds, 2) };
      const mismatched = stored.filter((r) => readFileSync(join(rawDir, `${r.sid}.wav.sha256`), 'utf8').split(' ')[0] !== r.sha256);

      const r = ratio(project.rate, anchor.rate);
      return {
        name,
        metric: `recordings downloaded, hashed, verified${keyring ? ', encrypted' : ''} and stored ${target.where} per second (${CALL_SECONDS} s stereo WAV, ${CONCURRENCY} in parallel)`,
        unit: 'recordings/s',
        project: project.rate,
        anchor: anchor.rate,
        ratio: r,
        goal: `≥ 0.50 of ${target.anchorName}`,
        met: r >= 0.5 && mismatched.length === 0,
        notes:
          `${calls} calls placed through the API and hung up through the emulator; all ${calls} STORED in ${project.seconds} s ` +
          `(${project.mbPerSecond} MB/s) vs curl|sha256sum in ${anchor.seconds} s; ${mismatched.length} sha256 mismatches between ` +
          `the product and sha256sum. ${target.notes}` +
          (encryption
            ? ` Encryption on (KEK ${encryption.kekId}): all ${encryption.storedEncrypted} rows encrypted, .enc keys, one RecordingKey each` +
              `${target.local ? ', files sealed (CRGCM header, sealed size)' : ''}.`
            : ''),
        details: {
          project,
          anchor,
          calls,
          callSeconds: CALL_SECONDS,
          downloadConcurrency: CONCURRENCY,
          sha256Mismatches: mismatched.length,
          encryption: encryption ? { on: true, ...encryption } : { on: false },
          ...target.details,
        },
      };
    } finally {
      await emulator.proc.stop();
      await dropDatabase(DB);
      for (const dir of [productDir, rawDir]) rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * Places `calls` calls through POST /api/calls as `token`'s agent, waits until all are answered,
 * hangs them all up through the emulator with `callSeconds` of audio and waits until the
 * database holds `storedAfter` STORED recordings (all of them, by default). Any FAILED throws.
 */
export async function recordCalls({ log, apiUrl, emulatorUrl, database, token, calls, callSeconds, firstNumber = 0, storedAfter = calls }) {
  log(`placing ${calls} calls through POST /api/calls`);
  const placed = await pool(calls, 4, async (i) => {
    const { body } = await call(apiUrl, '/api/calls', {
      method: 'POST',
      token,
      body: { to: `+1415555${String(1000 + firstNumber + i)}` },
      expect: [201, 200],
    });
    return body.twilioCallSid;
  });
  await waitUntil('every call answered', 60_000, async () =>
    withClient(
      database,
      async (c) => Number((await c.query(`SELECT count(*) FROM "CallRecord" WHERE status = 'in-progress'`)).rows[0].count) === calls,
    ),
  );
  log(`hanging up all ${calls} with durationSeconds=${callSeconds}; waiting for every recording to be STORED`);
  await pool(calls, 8, (i) => control(emulatorUrl, 'POST', `/calls/${placed[i]}/hangup`, { durationSeconds: callSeconds }));
  await waitUntil('every recording STORED', 600_000, async () => {
    const counts = await withClient(database, async (c) =>
      Object.fromEntries((await c.query(`SELECT status, count(*)::int AS n FROM "Recording" GROUP BY 1`)).rows.map((r) => [r.status, r.n])),
    );
    if (counts.FAILED) throw new Error(`${counts.FAILED} recording(s) FAILED`);
    return counts.STORED === storedAfter;
  });
  return placed;
}

export async function control(base, method, path, body) {
  const response = await fetch(`${base}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Runs fn(0..count-1) with at most `width` at a time; results in order. */
async function pool(count, width, fn) {
  const results = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await fn(i);
      }
    }),
  );
  return results;
}

async function waitUntil(what, timeoutMs, check) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The emulator with calls ringing and answering at once: fixtures want recordings, not realism. */
export async function startFastEmulator(name) {
  const emulator = await startEmulator(name);
  await control(emulator.url, 'PUT', '/config', { timing: { ringDelayMs: 20, answerDelayMs: 50 } });
  return emulator;
}

/**
 * Runs `use({ apiUrl, token })` beside an API + worker (`APP_ROLE=all`) on `emulator`, signed in as
 * a bench AGENT who may place calls, and stops the API afterwards however `use` ends.
 */
export async function withIngestApi({ name, database, recordingsDir, emulator, env = {} }, use) {
  const api = await startApi(name, { database, role: 'all', recordingsDir, env: { TWILIO_EMULATOR_PORT: String(emulator.port), ...env } });
  try {
    const { token } = await userToken(api.url, 'AGENT', 'agent@bench.example');
    return await use({ apiUrl: api.url, token });
  } finally {
    await api.proc.stop();
  }
}
