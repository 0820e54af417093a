import { existsSync, readFileSync } from 'node:fs';
import { call } from './api.mjs';
import { withClient } from './db.mjs';
import { round, summarize } from './stats.mjs';

/**
 * A player's sessions as the API sees them with MEDIA_DELIVERY=nginx: one media token that
 * opens the session (RECORDING_PLAYED), then renewals before each link expires (the same
 * session, no new row), all through nginx like the admin's. Latency of each, and the rows.
 */
export async function linkSessions({ entry, recordingId, token, database, renewals: RENEWALS }) {
  const playedRows = () =>
    withClient(database, async (c) =>
      Number(
        (await c.query(`SELECT count(*) FROM "AuditEvent" WHERE "recordingId" = $1 AND action = 'RECORDING_PLAYED'`, [recordingId])).rows[0]
          .count,
      ),
    );
  const before = await playedRows();
  const times = [];
  for (let i = 0; i < RENEWALS + 1; i += 1) {
    const started = performance.now();
    const minted = await call(entry, `/api/recordings/${recordingId}/media-token`, { method: 'POST', token, expect: [200] });
    times.push(performance.now() - started);
    if (minted.body.delivery !== 'nginx') throw new Error(`the media token says delivery ${minted.body.delivery}, not nginx`);
  }
  const renewals = summarize(times.slice(1));
  return {
    issued: RENEWALS + 1,
    playedRows: (await playedRows()) - before,
    firstMs: round(times[0], 2),
    renewMs: { p50: round(renewals.p50, 2), p99: round(renewals.p99, 2) },
  };
}

/** Requests nginx passed to the API so far (its access log's lines for /api/). */
export function apiLines(accessLog) {
  if (!existsSync(accessLog)) return 0;
  return readFileSync(accessLog, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"POST /api/') || line.includes('"GET /api/')).length;
}
