import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, startApi, userToken } from '../lib/api.mjs';
import { dropDatabase, flushRedis, freshDatabase, withClient } from '../lib/db.mjs';
import { recordCalls, startFastEmulator, withIngestApi } from '../lib/ingest.mjs';
import { TMP } from '../lib/paths.mjs';
import { run, sleep } from '../lib/proc.mjs';
import { ratio, round } from '../lib/stats.mjs';

const NAME = 'export-bundle';
const DB = 'callrec_bench_export';
const CALL_SECONDS = 30; // 8 kHz 16-bit stereo WAV: 960,044 bytes each

/**
 * Design 8 / 9.6: a signed evidence bundle of 200 recordings, from `POST /api/exports` to the
 * last byte of its single-use link — the worker reads every recording through the vault, hashes
 * it, zips it (store mode), writes metadata, the audit trail with its checkpoint, custody, the
 * manifest, SHA256SUMS and its signature; the API then streams the file. The anchor is what an
 * operator would do by hand with the same files: `zip -0` and `sha256sum` (no metadata, no
 * signature, no audit). Alternating slices, each side's MB/s over its own output bytes.
 *
 * The memory figure: one more bundle of every recording the run made (1,000), with the worker's
 * peak RSS (VmHWM) read before and after it: a streamed bundle leaves it where the 200s left it.
 */
export default {
  name: NAME,
  async run({ log, quick }) {
    const total = quick ? 60 : 1000;
    const measured = quick ? 30 : 200;
    const rounds = quick ? 1 : 3;
    const recordingsDir = join(TMP, 'recordings', NAME);
    const exportDir = join(TMP, 'exports', NAME);
    const anchorDir = join(TMP, `${NAME}-anchor`);
    for (const dir of [recordingsDir, exportDir, anchorDir]) rmSync(dir, { recursive: true, force: true });
    mkdirSync(anchorDir, { recursive: true });
    await freshDatabase(DB);
    await flushRedis();
    try {
      const rows = await makeFixture({ log, total, recordingsDir });
      const env = { EXPORT_DIR: exportDir, EXPORT_LINK_TTL_SECONDS: '3600' };
      // API and worker apart, so the worker's memory is its own.
      const api = await startApi(`${NAME}-api`, { database: DB, role: 'api', recordingsDir, env });
      const worker = await startApi(`${NAME}-worker`, { database: DB, role: 'worker', recordingsDir, env });
      try {
        const { token } = await userToken(api.url, 'COMPLIANCE', 'compliance@bench.example');
        const slice = rows.slice(0, measured);
        const files = slice.map((r) => join(recordingsDir, r.storageKey));

        const warm = await exportOnce({ api, token, ids: slice.slice(0, 5).map((r) => r.id), keep: join(anchorDir, 'warm.zip') });
        const checked = await checkBundle(join(anchorDir, 'warm.zip'), anchorDir);
        log(`warm-up bundle of 5 (${warm.bytes} bytes) passes unzip -t, sha256sum -c and openssl: ${checked}`);
        const afterWarmUp = memoryOf(worker.proc.child.pid);

        const runs = { project: [], anchor: [] };
        for (let i = 0; i < rounds * 2; i += 1) {
          const order = i % 2 === 0 ? ['project', 'anchor'] : ['anchor', 'project'];
          for (const side of order) {
            if (side === 'project') runs.project.push(await exportOnce({ api, token, ids: slice.map((r) => r.id) }));
            else runs.anchor.push(await zipAndSum(files, anchorDir));
          }
          log(`round ${i + 1}: bundle ${last(runs.project).mbPerSecond} MB/s, zip -0 + sha256sum ${last(runs.anchor).mbPerSecond} MB/s`);
        }
        const afterMeasured = memoryOf(worker.proc.child.pid);

        log(`one bundle of all ${rows.length} recordings, watching the worker's peak RSS`);
        const whole = await exportOnce({ api, token, ids: rows.map((r) => r.id) });
        const afterWhole = memoryOf(worker.proc.child.pid);

        const project = combine(runs.project);
        const anchor = combine(runs.anchor);
        const r = ratio(project.mbPerSecond, anchor.mbPerSecond);
        const growthMiB = round((afterWhole.peakKiB - afterMeasured.peakKiB) / 1024, 1);
        return {
          name: NAME,
          metric: `MB/s of a signed export bundle of ${measured} recordings of ${round(slice[0].sizeBytes / 1e6, 2)} MB, from POST /api/exports to the link's last byte`,
          unit: 'MB/s',
          project: project.mbPerSecond,
          anchor: anchor.mbPerSecond,
          ratio: r,
          goal: '≥ 0.50 of zip -0 + sha256sum of the same files',
          met: r >= 0.5,
          notes:
            `${rounds * 2} bundles of ${round(project.bytes / 1e6, 1)} MB in ${project.seconds} s vs zip -0 + sha256sum in ` +
            `${anchor.seconds} s (alternating). Worker peak RSS: ${mib(afterWarmUp.peakKiB)} MiB after a warm-up bundle, ` +
            `${mib(afterMeasured.peakKiB)} MiB after the ${measured}-recording bundles, ${mib(afterWhole.peakKiB)} MiB after one ` +
            `bundle of ${rows.length} recordings (${round(whole.bytes / 1e6, 0)} MB): +${growthMiB} MiB. The bundle is checked ` +
            `with unzip -t, sha256sum -c and openssl pkeyutl -verify. MB = 10^6 bytes.`,
          details: { project, anchor, runs, memory: { afterWarmUp, afterMeasured, afterWhole, growthMiB }, whole, recordings: rows.length },
        };
      } finally {
        await worker.proc.stop();
        await api.proc.stop();
      }
    } finally {
      await dropDatabase(DB);
      for (const dir of [recordingsDir, exportDir, anchorDir]) rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** `total` recordings stored by the product from the emulator (unencrypted, local disk). */
async function makeFixture({ log, total, recordingsDir }) {
  const emulator = await startFastEmulator(`${NAME}-emulator`);
  try {
    const ingest = { name: `${NAME}-ingest`, database: DB, recordingsDir, emulator, env: { DOWNLOAD_CONCURRENCY: '8' } };
    await withIngestApi(ingest, async ({ apiUrl, token }) => {
      // In batches of 200: the emulator holds each call's state until it is hung up.
      for (let first = 0; first < total; first += 200) {
        const calls = Math.min(200, total - first);
        await recordCalls({
          log,
          apiUrl,
          emulatorUrl: emulator.url,
          database: DB,
          token,
          calls,
          callSeconds: CALL_SECONDS,
          firstNumber: first,
          storedAfter: first + calls,
        });
      }
    });
  } finally {
    await emulator.proc.stop();
  }
  return withClient(DB, async (c) => {
    const { rows } = await c.query(
      `SELECT id, "storageKey", "sizeBytes"::bigint AS size FROM "Recording" WHERE status = 'STORED' ORDER BY "twilioRecordingSid"`,
    );
    if (rows.length !== total) throw new Error(`${total} recordings wanted, ${rows.length} stored`);
    return rows.map((r) => ({ id: r.id, storageKey: r.storageKey, sizeBytes: Number(r.size) }));
  });
}

/** One export through the API, timed from the request to the last byte of the download. */
async function exportOnce({ api, token, ids, keep }) {
  const started = performance.now();
  const { body } = await call(api.url, '/api/exports', {
    method: 'POST',
    token,
    body: { reason: 'bench: export-bundle', scope: { recordingIds: ids } },
    expect: [202],
  });
  let status;
  for (;;) {
    status = (await call(api.url, `/api/exports/${body.id}`, { token, expect: [200] })).body;
    if (status.status === 'ready') break;
    if (status.status === 'failed' || status.status === 'expired') throw new Error(`export ${body.id} ${status.status}: ${status.error}`);
    await sleep(50);
  }
  const response = await fetch(status.downloadUrl);
  if (response.status !== 200) throw new Error(`the export's link answered ${response.status}`);
  let bytes = 0;
  const chunks = keep ? [] : null;
  for await (const chunk of response.body) {
    bytes += chunk.length;
    chunks?.push(chunk);
  }
  const seconds = (performance.now() - started) / 1000;
  if (keep) writeFileSync(keep, Buffer.concat(chunks));
  if (bytes !== status.bytes) throw new Error(`the link gave ${bytes} bytes, the export says ${status.bytes}`);
  return { bytes, seconds: round(seconds, 2), mbPerSecond: round(bytes / 1e6 / seconds, 1) };
}

/** The anchor: the same files into a store-mode ZIP, then their SHA-256 sums, as an operator would. */
async function zipAndSum(files, dir) {
  const out = join(dir, 'anchor.zip');
  rmSync(out, { force: true });
  const started = performance.now();
  await run('zip', ['-0', '-q', '-X', '-j', out, ...files]);
  await run('sha256sum', files);
  const seconds = (performance.now() - started) / 1000;
  const bytes = statSync(out).size;
  rmSync(out, { force: true });
  return { bytes, seconds: round(seconds, 2), mbPerSecond: round(bytes / 1e6 / seconds, 1) };
}

/** unzip -t, sha256sum -c and openssl's Ed25519 verification of one bundle. */
async function checkBundle(zip, dir) {
  const into = join(dir, 'warm');
  rmSync(into, { recursive: true, force: true });
  await run('unzip', ['-t', '-q', zip]);
  await run('unzip', ['-q', zip, '-d', into]);
  await run('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: into });
  const verified = await run(
    'openssl',
    ['pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'],
    { cwd: into },
  );
  rmSync(into, { recursive: true, force: true });
  return verified.trim();
}

/** The process's resident set now and at its peak (VmRSS, VmHWM), in KiB. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKiB: field('VmRSS'), peakKiB: field('VmHWM') };
}

function combine(runs) {
  const bytes = runs.reduce((sum, r) => sum + r.bytes, 0);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  return { bytes, seconds: round(seconds, 2), mbPerSecond: round(bytes / 1e6 / seconds, 1) };
}

const last = (list) => list[list.length - 1];
const mib = (kib) => round(kib / 1024, 0);
