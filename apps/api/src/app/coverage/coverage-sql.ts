import { CoverageGroup, CoverageReason, MANUAL_DIAL_LABEL, RecordingStatus, UNASSIGNED_AGENT_LABEL } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { CoverageWindow } from './coverage-window';

/*
 * Coverage is counted by PostgreSQL over the indexes, never by loading calls into Node: one
 * statement per report, per page of missing calls and per CSV batch. A call's state is
 * CallRecord."recordingState", kept by the database's trigger on "Recording" (migration
 * 20261205300000_call_recording_state): the best of its recordings, RECORDED (STORED, or
 * lawfully DELETING/DELETED), else ABSENT, else FAILED, else PENDING; NONE when Twilio's
 * callback never came. A count is then an index-only scan of CallRecord_coverage_idx. Every
 * value is a bound parameter; only fixed names and keywords are raw text.
 */

/** How each recording status ranks when one recording is picked to explain a gap (the lowest decides). */
const RANK = Prisma.raw(
  `CASE r.status WHEN 'STORED' THEN 0 WHEN 'DELETING' THEN 0 WHEN 'DELETED' THEN 0 WHEN 'ABSENT' THEN 1 WHEN 'FAILED' THEN 2 ELSE 3 END`,
);
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The answered calls of the window: completed, long enough, placed in [from, to). */
export function answeredSql(window: CoverageWindow, minSeconds: number): Prisma.Sql {
  const parts = [
    Prisma.sql`c.status = 'completed'::"CallStatus"`,
    // A timestamp column holds UTC wall time; an ISO instant cast to timestamp keeps exactly that.
    Prisma.sql`c."placedAt" >= ${window.from.toISOString()}::timestamp`,
    Prisma.sql`c."placedAt" < ${window.to.toISOString()}::timestamp`,
    Prisma.sql`c."durationSeconds" >= ${minSeconds}::int`,
  ];
  if (window.agentId !== undefined) parts.push(Prisma.sql`c."agentId" = ${window.agentId}::uuid`);
  if (window.dataList === 'none') parts.push(Prisma.sql`c."dataListId" IS NULL`);
  else if (window.dataList === 'any') parts.push(Prisma.sql`c."dataListId" IS NOT NULL`);
  else if (window.dataList) parts.push(Prisma.sql`c."dataListId" = ${window.dataList.id}::uuid`);
  return Prisma.join(parts, ' AND ');
}

export interface CountRow {
  key: string;
  label: string;
  answered: number;
  recorded: number;
  missing: number;
  failed: number;
  absent: number;
}

/** The day a call was placed on, in the window's time zone. */
const localDay = (column: Prisma.Sql, timeZone: string) =>
  Prisma.sql`((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}::text)::date`;

/** One row per group, counted in one pass; by day, every day of the range, empty ones as zeros. */
export function reportSql(window: CoverageWindow, groupBy: CoverageGroup, minSeconds: number): Prisma.Sql {
  const group =
    groupBy === 'day'
      ? localDay(Prisma.sql`c."placedAt"`, window.timeZone)
      : groupBy === 'agent'
        ? Prisma.sql`c."agentId"`
        : Prisma.sql`c."dataListId"`;
  const counts = Prisma.sql`
    WITH counts AS (
      SELECT ${group} AS grp, count(*)::int AS answered,
        count(*) FILTER (WHERE c."recordingState" = 'RECORDED')::int AS recorded,
        count(*) FILTER (WHERE c."recordingState" = 'ABSENT')::int AS absent,
        count(*) FILTER (WHERE c."recordingState" = 'FAILED')::int AS failed,
        count(*) FILTER (WHERE c."recordingState" IN ('NONE', 'PENDING'))::int AS missing
      FROM "CallRecord" c
      WHERE ${answeredSql(window, minSeconds)}
      GROUP BY 1
    )`;
  const columns = Prisma.raw(
    `COALESCE(n.answered, 0) AS answered, COALESCE(n.recorded, 0) AS recorded, COALESCE(n.missing, 0) AS missing,
     COALESCE(n.failed, 0) AS failed, COALESCE(n.absent, 0) AS absent`,
  );
  if (groupBy === 'day') {
    // The last day is the one the range's last millisecond falls on: `to` is exclusive.
    const first = localDay(Prisma.sql`${window.from.toISOString()}::timestamp`, window.timeZone);
    const last = localDay(Prisma.sql`${new Date(window.to.getTime() - 1).toISOString()}::timestamp`, window.timeZone);
    return Prisma.sql`${counts}
      SELECT to_char(d, 'YYYY-MM-DD') AS key, to_char(d, 'YYYY-MM-DD') AS label, ${columns}
      FROM generate_series(${first}, ${last}, interval '1 day') d
      LEFT JOIN counts n ON n.grp = d::date
      ORDER BY d`;
  }
  if (groupBy === 'agent') {
    return Prisma.sql`${counts}
      SELECT COALESCE(n.grp::text, 'unassigned') AS key, COALESCE(a.name, ${UNASSIGNED_AGENT_LABEL}::text) AS label, ${columns}
      FROM counts n LEFT JOIN "User" a ON a.id = n.grp
      ORDER BY label, key`;
  }
  return Prisma.sql`${counts}
    SELECT COALESCE(n.grp::text, 'manual') AS key, COALESCE(l.name, ${MANUAL_DIAL_LABEL}::text) AS label, ${columns}
    FROM counts n LEFT JOIN "DataList" l ON l.id = n.grp
    ORDER BY n.grp IS NOT NULL, label, key`;
}

const REASON_CONDITION: Record<CoverageReason, Prisma.Sql> = {
  NO_CALLBACK: Prisma.sql`c."recordingState" = 'NONE'`,
  ABSENT: Prisma.sql`c."recordingState" = 'ABSENT'`,
  FAILED: Prisma.sql`c."recordingState" = 'FAILED'`,
  PENDING: Prisma.sql`c."recordingState" = 'PENDING'`,
};

/** The answered calls that are not recorded, each with its deciding recording (if any). */
function gapsSql(window: CoverageWindow, minSeconds: number, reason: CoverageReason | undefined, after: GapCursor | null): Prisma.Sql {
  return Prisma.sql`
    SELECT c.id, c."twilioCallSid", c."placedAt", c."durationSeconds", c."toNumber", c."agentId", c."dataListId",
      g.id AS "recordingId", g."twilioRecordingSid", g.status AS "recordingStatus", g."errorCode", g."lastError", g.attempts
    FROM "CallRecord" c
    LEFT JOIN LATERAL (
      SELECT r.id, r."twilioRecordingSid", r.status, r."errorCode", r."lastError", r.attempts, ${RANK} AS rank
      FROM "Recording" r WHERE r."callRecordId" = c.id
      ORDER BY rank, r."createdAt" DESC LIMIT 1
    ) g ON true
    WHERE ${answeredSql(window, minSeconds)} AND c."recordingState" <> 'RECORDED'
      ${reason ? Prisma.sql`AND ${REASON_CONDITION[reason]}` : Prisma.empty}
      ${after ? Prisma.sql`AND (c."placedAt", c.id) < (${after.placedAt}::timestamp, ${after.id}::uuid)` : Prisma.empty}`;
}

export interface GapRow {
  id: string;
  twilioCallSid: string | null;
  placedAt: string;
  durationSeconds: number | null;
  toNumber: string;
  agentId: string | null;
  agentName: string | null;
  dataListLabel: string;
  recordingId: string | null;
  twilioRecordingSid: string | null;
  recordingStatus: RecordingStatus | null;
  errorCode: number | null;
  lastError: string | null;
  attempts: number | null;
}

export interface GapCursor {
  placedAt: string;
  id: string;
}

/** Calls of the gaps with their agent and list, newest first. */
function gapRowsSql(gaps: Prisma.Sql, limit: number, offset: number): Prisma.Sql {
  return Prisma.sql`
    SELECT p.id, p."twilioCallSid", to_char(p."placedAt", ${Prisma.raw(ISO)}) AS "placedAt", p."durationSeconds", p."toNumber",
      p."agentId", a.name AS "agentName", COALESCE(l.name, ${MANUAL_DIAL_LABEL}::text) AS "dataListLabel",
      p."recordingId", p."twilioRecordingSid", p."recordingStatus"::text AS "recordingStatus", p."errorCode", p."lastError", p.attempts
    FROM (${gaps} ORDER BY c."placedAt" DESC, c.id DESC LIMIT ${limit} OFFSET ${offset}) p
    LEFT JOIN "User" a ON a.id = p."agentId"
    LEFT JOIN "DataList" l ON l.id = p."dataListId"
    ORDER BY p."placedAt" DESC, p.id DESC`;
}

/** One page of missing calls and the exact number of them. */
export function missingPageSql(
  window: CoverageWindow,
  minSeconds: number,
  reason: CoverageReason | undefined,
  page: number,
  pageSize: number,
) {
  const gaps = gapsSql(window, minSeconds, reason, null);
  return {
    page: gapRowsSql(gaps, pageSize, (page - 1) * pageSize),
    total: Prisma.sql`SELECT count(*)::int AS total FROM (${gaps}) t`,
  };
}

/** The next batch of the missing CSV after `after` (keyset: no OFFSET that grows with the file). */
export function missingBatchSql(
  window: CoverageWindow,
  minSeconds: number,
  reason: CoverageReason | undefined,
  after: GapCursor | null,
  size: number,
) {
  return gapRowsSql(gapsSql(window, minSeconds, reason, after), size, 0);
}

/**
 * The metric's one statement: answered calls placed since `since` that ended before `settled`
 * (later ones' recordings are still in flight), and how many of those are not recorded.
 */
export function metricSql(since: Date, settled: Date, minSeconds: number): Prisma.Sql {
  return Prisma.sql`
    SELECT count(*)::int AS answered, count(*) FILTER (WHERE c."recordingState" <> 'RECORDED')::int AS unrecorded
    FROM "CallRecord" c
    WHERE c.status = 'completed'::"CallStatus" AND c."placedAt" >= ${since.toISOString()}::timestamp
      AND c."durationSeconds" >= ${minSeconds}::int
      AND COALESCE(c."endedAt", c."placedAt" + c."durationSeconds" * interval '1 second') < ${settled.toISOString()}::timestamp`;
}
