import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { call, login, BENCH_ADMIN, startApi } from '../lib/api.mjs';
import { copyDatabase, dropDatabase, flushRedis, freshDatabase, withClient } from '../lib/db.mjs';
import { TMP } from '../lib/paths.mjs';
import { run, sleep } from '../lib/proc.mjs';
import { bulkLoad, seedPeopleAndLists } from '../lib/seed-calls.mjs';
import { ratio, round } from '../lib/stats.mjs';

const DB = 'callrec_bench_retention';
const RAW_DB = 'callrec_bench_retention_raw';
const FILE = Buffer.alloc(1024, 7); // every seeded recording's audio: 1 KiB on disk

/**
 * Expired recordings deleted per second by the product's sweep (POST /api/retention/run,
 * run by the worker; duration from its RetentionRun row) out of 1,000,000 seeded with files,
 * 1 % of them covered by a legal hold — beside a plain DELETE + rm of the same set on a
 * fresh copy of the same seed. Both sides must leave every held recording and file alone.
 */
export default {
  name: 'retention',
  async run({ log, quick }) {
    const total = quick ? 10_000 : 1_000_000;
    const productDir = join(TMP, 'recordings', 'retention');
    const rawDir = join(TMP, 'retention-raw');
    try {
      const seedSeconds = await seed(total, productDir, log);
      rmSync(rawDir, { recursive: true, force: true });
      await copyDatabase(DB, RAW_DB);
      await run('cp', ['-a', productDir, rawDir]);
      const held = await heldAgent(DB);
      await flushRedis();

      const api = await startApi('retention-api', { database: DB, role: 'all', recordingsDir: productDir });
      let runRow;
      const progress = [];
      try {
        const token = await login(api.url, BENCH_ADMIN.email, BENCH_ADMIN.password);
        log(`sweeping ${total} expired recordings (${total / 100} held) through POST /api/retention/run`);
        await call(api.url, '/api/retention/run', { method: 'POST', token, expect: [202] });
        // At 1,000,000 the sweep takes minutes; the limit only stops a stuck run from hanging the bench.
        runRow = await waitForRun(api.url, token, 3_600_000, progress);
      } finally {
        await api.proc.stop();
      }
      if (runRow.error) throw new Error(`the sweep failed: ${runRow.error}`);
      const projectSeconds = (Date.parse(runRow.finishedAt) - Date.parse(runRow.startedAt)) / 1000;
      const projectCheck = await check(DB, productDir, held, total);

      log('DELETE + rm of the same set on the copy');
      const t0 = performance.now();
      const keys = await withClient(RAW_DB, async (c) =>
        (
          await c.query(
            `DELETE FROM "Recording" r USING "CallRecord" c
             WHERE c.id = r."callRecordId" AND r.status = 'STORED' AND c."placedAt" <= now() - interval '365 days' AND c."agentId" <> $1
             RETURNING r."storageKey"`,
            [held],
          )
        ).rows.map((row) => row.storageKey),
      );
      const deleteSeconds = (performance.now() - t0) / 1000;
      await run('xargs', ['-0', 'rm', '-f', '--'], { cwd: rawDir, input: keys.join('\0') });
      const rawSeconds = (performance.now() - t0) / 1000;
      const rawCheck = await check(RAW_DB, rawDir, held, total);

      const project = {
        deleted: runRow.deleted,
        seconds: round(projectSeconds, 2),
        rate: round(runRow.deleted / projectSeconds, 1),
        ...projectCheck,
      };
      const anchor = {
        deleted: keys.length,
        seconds: round(rawSeconds, 2),
        deleteSeconds: round(deleteSeconds, 2),
        rmSeconds: round(rawSeconds - deleteSeconds, 2),
        rate: round(keys.length / rawSeconds, 1),
        ...rawCheck,
      };
      const r = ratio(project.rate, anchor.rate);
      const safe = project.heldTouched === 0 && anchor.heldTouched === 0 && project.leftBehind === 0;
      return {
        name: 'retention',
        metric: `expired recordings deleted per second (${total} seeded with files, 1 % under a legal hold)`,
        unit: 'recordings/s',
        project: project.rate,
        anchor: anchor.rate,
        ratio: r,
        goal: '≥ 0.25 of DELETE + rm, zero held recordings touched',
        met: r >= 0.25 && safe,
        notes:
          `sweep: ${runRow.deleted} deleted, ${runRow.skippedHeld} spared by the hold, in ${project.seconds} s ` +
          `(RetentionRun row; tombstones and one hash-chained audit event per recording); raw: ${keys.length} rows and files in ` +
          `${anchor.seconds} s. Held recordings touched: product ${project.heldTouched}, raw ${anchor.heldTouched}; ` +
          `files of held recordings still on disk: ${project.heldFiles}/${total / 100}.`,
        details: {
          project,
          anchor,
          retentionRun: runRow,
          seeded: total,
          seedSeconds,
          sweepProgress: progress,
          sweepRateByThird: thirds(progress),
        },
      };
    } finally {
      await dropDatabase(DB);
      await dropDatabase(RAW_DB);
      rmSync(productDir, { recursive: true, force: true });
      rmSync(rawDir, { recursive: true, force: true });
    }
  },
};

/** `total` calls placed 400–760 days ago, each with one STORED recording and its file; policy 365 days; hold on one agent (1 %). */
export async function seed(total, dir, log) {
  const started = performance.now();
  rmSync(dir, { recursive: true, force: true });
  await freshDatabase(DB);
  const keys = await withClient(DB, async (c) => {
    await c.query('SET synchronous_commit = off');
    await seedPeopleAndLists(c, { contactsPerList: 200 });
    // 1,000,000 rows: loaded as pg_restore would (bulkLoad: indexes built once afterwards, no
    // per-row triggers, recordingState set in one statement), minutes instead of a quarter hour.
    let inserted;
    await bulkLoad(
      c,
      ['CallRecord', 'Recording'],
      log,
      async () => {
        await c.query(
          `WITH agents AS (SELECT row_number() OVER (ORDER BY email) AS n, id FROM "User" WHERE role = 'AGENT')
       INSERT INTO "CallRecord" (id, "agentId", "dataListId", "placedAt", "answeredAt", "endedAt", "durationSeconds", status,
                                 outcome, "fromNumber", "toNumber", "twilioCallSid", "recordingState", "updatedAt")
       SELECT gen_random_uuid(), a.id, NULL, p, p + interval '5 seconds', p + interval '95 seconds', 90, 'completed', 'SALE',
              '+15005550006', '+1415' || lpad(g::text, 7, '0'), 'CA' || md5('ret' || g), 'RECORDED', now()
       FROM generate_series(1, $1::int) g
       CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', now() - interval '400 days' - (g % 360) * interval '1 day' - (g % 997) * interval '1 minute') AS p) t
       JOIN agents a ON a.n = CASE WHEN g % 100 = 0 THEN 50 ELSE 1 + g % 49 END`,
          [total],
        );
        inserted = await c.query(
          `INSERT INTO "Recording" (id, "callRecordId", "twilioRecordingSid", status, "storageKey", sha256, "sizeBytes", "durationSeconds",
                                channels, "mimeType", "storedAt", "updatedAt")
       SELECT gen_random_uuid(), c.id, 'RE' || md5(c.id::text), 'STORED',
              to_char(c."placedAt", 'YYYY/MM/DD/') || 'RE' || md5(c.id::text) || '.wav', $1, $2, 90, 2, 'audio/wav', c."endedAt", now()
       FROM "CallRecord" c
       RETURNING "storageKey"`,
          [createHash('sha256').update(FILE).digest('hex'), FILE.length],
        );
        // Every call gets one STORED recording: RECORDED, as the coverage trigger would have set it.
      },
      { recordingStatesSet: true },
    );
    const { rows } = inserted;
    await c.query(
      `INSERT INTO "RetentionPolicy" (id, name, "retainDays", enabled, "updatedAt") VALUES (gen_random_uuid(), 'Everything: one year', 365, true, now())`,
    );
    await c.query(
      `INSERT INTO "LegalHold" (id, name, reason, criteria)
       SELECT gen_random_uuid(), 'Agent 050 investigation', 'bench', jsonb_build_object('agentId', id::text)
       FROM "User" WHERE email = 'agent-050@bench.example'`,
    );
    await c.query('VACUUM ANALYZE');
    return rows.map((r) => r.storageKey);
  });
  const dirs = new Set(keys.map((k) => dirname(join(dir, k))));
  for (const d of dirs) mkdirSync(d, { recursive: true });
  for (const key of keys) writeFileSync(join(dir, key), FILE);
  const seconds = round((performance.now() - started) / 1000, 1);
  log(`seeded ${total} recordings and files in ${seconds} s`);
  return seconds;
}

/** Deletions per second in the first, middle and last third of the sweep (a falling rate = work growing per batch). */
function thirds(progress) {
  if (progress.length < 4) return null;
  const at = (i) => progress[Math.min(progress.length - 1, Math.round(i))];
  const cut = [0, (progress.length - 1) / 3, (2 * (progress.length - 1)) / 3, progress.length - 1].map(at);
  return cut.slice(1).map((p, i) => round((p.deleted - cut[i].deleted) / Math.max(1, p.seconds - cut[i].seconds), 1));
}

async function heldAgent(db) {
  return withClient(db, async (c) => (await c.query(`SELECT id FROM "User" WHERE email = 'agent-050@bench.example'`)).rows[0].id);
}

/** Waits for the manual run to finish, noting how many rows are DELETED every ~10 s (the rate over time). */
async function waitForRun(base, token, timeoutMs, progress) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let nextSample = started;
  while (Date.now() < deadline) {
    const { body } = await call(base, '/api/retention/runs', { token, expect: [200] });
    const finished = body.find((r) => r.trigger === 'manual' && r.finishedAt);
    if (finished) return finished;
    if (Date.now() >= nextSample) {
      nextSample += 10_000;
      const deleted = await withClient(
        DB,
        async (c) => (await c.query(`SELECT count(*)::int AS n FROM "Recording" WHERE status = 'DELETED'`)).rows[0].n,
      );
      progress.push({ seconds: Math.round((Date.now() - started) / 1000), deleted });
    }
    await sleep(500);
  }
  throw new Error('the retention sweep did not finish in time');
}

/** Held recordings untouched (row STORED, file present); nothing else left behind (row or file). */
async function check(db, dir, held, total) {
  const { counts, heldKeys } = await withClient(db, async (c) => ({
    counts: (
      await c.query(
        `SELECT count(*) FILTER (WHERE c."agentId" = $1 AND r.status = 'STORED')::int AS held_stored,
                count(*) FILTER (WHERE c."agentId" = $1)::int AS held_rows,
                count(*) FILTER (WHERE c."agentId" <> $1 AND r.status = 'STORED')::int AS others_stored
         FROM "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"`,
        [held],
      )
    ).rows[0],
    heldKeys: (
      await c.query(`SELECT r."storageKey" FROM "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId" WHERE c."agentId" = $1`, [
        held,
      ])
    ).rows.map((r) => r.storageKey),
  }));
  const heldCount = total / 100;
  const heldFiles = heldKeys.filter((key) => existsSync(join(dir, key))).length;
  return {
    heldTouched: heldCount - counts.held_stored + Math.abs(counts.held_rows - heldCount) + (heldCount - heldFiles),
    heldFiles,
    leftBehind: counts.others_stored + (countFiles(dir) - heldFiles),
  };
}

function countFiles(dir) {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.wav')) n += 1;
  }
  return n;
}
