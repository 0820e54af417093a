import pg from 'pg';
import { call, login, startApi, userToken } from '../lib/api.mjs';
import { dbUrl, flushRedis } from '../lib/db.mjs';
import { startSniffer } from '../lib/pg-sniffer.mjs';
import { COVERAGE_DAYS, COVERAGE_DB, ensureCoverageDatabase } from '../lib/seed-coverage.mjs';
import { percentile, prng, ratio, round, summarize } from '../lib/stats.mjs';

const SUPERVISOR = 'supervisor@bench.example';
const GROUPS = ['day', 'agent', 'dataList'];
const GOAL_MS = 200;
const DAY_MS = 86_400_000;

/**
 * p95 of GET /api/coverage over 1,000,000 calls (120 days), a 30-day range grouped by day, by
 * agent and by data list, beside the very same SQL straight in PostgreSQL. As in
 * call-records-search, one untimed pass through a wire-protocol sniffer records the statement
 * the API sends for each request with its parameters, and the raw side replays exactly that.
 * API and raw requests alternate, so both see the same machine.
 */
export default {
  name: 'coverage',
  async run({ log, quick }) {
    const iterations = quick ? 6 : 20;
    const seed = await ensureCoverageDatabase(log);
    await flushRedis();
    const requests = plan(iterations);

    // 1. Capture the statement the API sends for each request (not timed).
    const sniffer = await startSniffer();
    const captured = [];
    try {
      const capture = await startApi('coverage-capture-api', {
        database: COVERAGE_DB,
        env: { DATABASE_URL: dbUrl(COVERAGE_DB).replace(':5432/', `:${sniffer.port}/`) },
      });
      try {
        const { token } = await userToken(capture.url, 'SUPERVISOR', SUPERVISOR);
        for (const request of requests.slice(0, 6)) await call(capture.url, request.path, { token, expect: [200] });
        sniffer.take();
        for (const request of requests) {
          const { body } = await call(capture.url, request.path, { token, expect: [200] });
          const statements = sniffer.take().filter((s) => /WITH counts AS/.test(s.sql));
          if (statements.length !== 1) throw new Error(`Expected one coverage statement for ${request.path}, saw ${statements.length}`);
          captured.push({ sql: statements[0].sql, params: statements[0].params, rows: body.rows.length, total: body.total });
        }
      } finally {
        await capture.proc.stop();
      }
    } finally {
      await sniffer.close();
    }
    log(`captured ${captured.length} requests, one statement each`);

    // 2. Time the API and the raw statement, interleaved.
    const api = await startApi('coverage-api', { database: COVERAGE_DB, role: 'api' });
    const pool = new pg.Pool({ connectionString: dbUrl(COVERAGE_DB), max: 4 });
    const times = Object.fromEntries(GROUPS.map((g) => [g, { api: [], raw: [] }]));
    let explain;
    try {
      const token = await login(api.url, SUPERVISOR, 'bench-supervisor-password-1');
      const timeApi = async (i) => {
        const t0 = performance.now();
        const response = await fetch(`${api.url}${requests[i].path}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await response.json();
        const ms = performance.now() - t0;
        if (response.status !== 200 || body.total.answered !== captured[i].total.answered) {
          throw new Error(`API answer changed for ${requests[i].path}`);
        }
        return ms;
      };
      const timeRaw = async (i) => {
        const t0 = performance.now();
        const { rows } = await pool.query(captured[i].sql, captured[i].params);
        const ms = performance.now() - t0;
        if (rows.length !== captured[i].rows) throw new Error(`Raw answer differs for ${requests[i].path}`);
        return ms;
      };
      log(`warm-up, then ${requests.length} requests each side, interleaved`);
      for (let i = 0; i < 6; i += 1) {
        await timeApi(i);
        await timeRaw(i);
      }
      for (let i = 0; i < requests.length; i += 1) {
        const { group } = requests[i];
        if (i % 2 === 0) {
          times[group].api.push(await timeApi(i));
          times[group].raw.push(await timeRaw(i));
        } else {
          times[group].raw.push(await timeRaw(i));
          times[group].api.push(await timeApi(i));
        }
      }
      explain = await explainSlowest(pool, captured, requests, times);
    } finally {
      await pool.end();
      await api.proc.stop();
    }

    const groups = Object.fromEntries(
      GROUPS.map((group) => {
        const apiP95 = round(percentile(times[group].api, 95));
        const rawP95 = round(percentile(times[group].raw, 95));
        const sample = captured.find((_, i) => requests[i].group === group);
        return [
          group,
          {
            api: summarize(times[group].api),
            raw: summarize(times[group].raw),
            ratio: ratio(apiP95, rawP95),
            met: apiP95 < GOAL_MS,
            rows: sample.rows,
            answeredIn30Days: summarize(captured.filter((_, i) => requests[i].group === group).map((c) => c.total.answered)),
          },
        ];
      }),
    );
    const worst = GROUPS.reduce((a, b) => (groups[b].api.p95 > groups[a].api.p95 ? b : a));
    const w = groups[worst];
    return {
      name: 'coverage',
      metric: `p95 latency of GET /api/coverage for 30 days over 1,000,000 calls (worst of groupBy day, agent, dataList: ${worst})`,
      unit: 'ms',
      project: w.api.p95,
      anchor: w.raw.p95,
      ratio: w.ratio,
      goal: `< ${GOAL_MS} ms (each grouping); anchor: the same SQL straight in pg`,
      met: GROUPS.every((g) => groups[g].met),
      notes: GROUPS.map((g) => `${g}: API p95 ${groups[g].api.p95} ms vs raw ${groups[g].raw.p95} ms`).join('; '),
      details: { seeded: 1_000_000, days: COVERAGE_DAYS, seed, iterationsPerGroup: iterations, groups, explain },
    };
  },
};

/** 30-day windows at random offsets inside the seeded 120 days, each grouping in turn. */
function plan(iterations) {
  const rand = prng(7);
  const now = Date.now();
  return Array.from({ length: iterations * GROUPS.length }, (_, i) => {
    const group = GROUPS[i % GROUPS.length];
    const end = now - Math.floor(rand() * (COVERAGE_DAYS - 31)) * DAY_MS;
    const to = new Date(end).toISOString().slice(0, 10);
    const from = new Date(end - 29 * DAY_MS).toISOString().slice(0, 10);
    return { group, path: `/api/coverage?groupBy=${group}&from=${from}&to=${to}` };
  });
}

/** EXPLAIN ANALYZE of each grouping's slowest raw statement. */
async function explainSlowest(pool, captured, requests, times) {
  const out = {};
  for (const group of GROUPS) {
    const indexes = requests.map((r, i) => (r.group === group ? i : -1)).filter((i) => i >= 0);
    const slowest = indexes[times[group].raw.indexOf(Math.max(...times[group].raw))];
    const { sql, params } = captured[slowest];
    const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
    out[group] = { path: requests[slowest].path, plan: rows.map((r) => r['QUERY PLAN']) };
  }
  return out;
}
