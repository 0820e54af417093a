import { EXACT_TOTAL_LIMIT, MANUAL_DIAL_LABEL } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { afterSql, orderKeys } from './call-record-keyset';
import { CallRecordCriteria, CallRecordOrder, CallRecordSearch, PhoneFilter } from './call-record-filters';

/*
 * The search as one plain statement that answers with the page's JSON and the total, instead
 * of Prisma's page, count and one load per relation: each statement Prisma sends and each row
 * it decodes costs the API more than the database spends on these (see bench/README.md). The
 * criteria and the order are decided once, by buildCallRecordSearch; this compiles them.
 * Every value is a bound parameter; only fixed column names and keywords are raw text.
 */

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (column: string) => Prisma.raw(`to_char(${column}, ${ISO})`);

/**
 * One page of calls, built by the database as the answer's JSON (agent, contact, list and
 * recording summaries included), the total that matches counted up to EXACT_TOTAL_LIMIT + 1,
 * whether a page follows and the keys of the page's last call (the next cursor): one
 * statement, one round trip.
 *
 * The page's ids are found first and the rows read after: an OFFSET then skips entries of an
 * index (an index-only scan where the index holds every column the filters and the order
 * read), not whole rows fetched from the table. One row more than the page tells whether
 * another follows.
 */
export function searchSql({ criteria, order: sort, after, skip, take }: CallRecordSearch): Prisma.Sql {
  const order = orderSql(sort);
  const conditions = whereSql(criteria);
  const keyset = after ? Prisma.sql`AND ${afterSql(orderKeys(sort), after)}` : Prisma.empty;
  const keys = Prisma.raw(
    `json_build_array(${orderKeys(sort)
      .map((key) => `${key.column}::text`)
      .join(', ')})`,
  );
  const { phone } = criteria;
  // "Contains" four digits or more: the calls whose number holds them, from the trigram index,
  // first. PostgreSQL cannot estimate how rare a substring is (it guessed hundreds of times too
  // many), so it would walk the placedAt index instead and read ~1,000 calls per match.
  const matched = phone?.kind === 'contains' && phone.value.length >= 4 ? phone : null;
  const calls = Prisma.raw(matched ? 'matched' : '"CallRecord"');
  return Prisma.sql`
    WITH ${matched ? Prisma.sql`matched AS MATERIALIZED (SELECT * FROM "CallRecord" c WHERE ${phoneSql(matched)}),` : Prisma.empty}
    ids AS (
      SELECT c.id FROM ${calls} c
      WHERE ${conditions} ${keyset}
      ORDER BY ${order} LIMIT ${take + 1} OFFSET ${skip}
    ), page AS (
      SELECT c.*, row_number() OVER (ORDER BY ${order}) AS n FROM "CallRecord" c WHERE c.id IN (SELECT id FROM ids)
    )
    SELECT (SELECT count(*)::int FROM (SELECT 1 FROM ${calls} c WHERE ${conditions} LIMIT ${EXACT_TOTAL_LIMIT + 1}) x) AS total,
      (SELECT count(*)::int FROM ids) > ${take} AS more,
      (SELECT ${keys} FROM page c WHERE n = ${take}) AS last,
      COALESCE((
        SELECT json_agg(json_build_object(
          'id', c.id, 'twilioCallSid', c."twilioCallSid", 'direction', c.direction, 'fromNumber', c."fromNumber", 'toNumber', c."toNumber",
          'status', c.status, 'outcome', c.outcome, 'placedAt', ${iso('c."placedAt"')}, 'answeredAt', ${iso('c."answeredAt"')},
          'endedAt', ${iso('c."endedAt"')}, 'durationSeconds', c."durationSeconds",
          'agent', CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'name', a.name) END, 'orphan', c.orphan,
          'contact', CASE WHEN ct.id IS NULL THEN NULL ELSE json_build_object('id', ct.id, 'name', ct.name, 'phone', ct.phone) END,
          'dataList', CASE WHEN dl.id IS NULL THEN NULL ELSE json_build_object('id', dl.id, 'name', dl.name) END,
          'dataListLabel', COALESCE(dl.name, ${MANUAL_DIAL_LABEL}::text),
          'recordings', COALESCE(rec.list, '[]'::json)
        ) ORDER BY c.n)
        FROM page c
        LEFT JOIN "User" a ON a.id = c."agentId"
        LEFT JOIN "Contact" ct ON ct.id = c."contactId"
        LEFT JOIN "DataList" dl ON dl.id = c."dataListId"
        LEFT JOIN LATERAL (
          SELECT json_agg(json_build_object(
                   'id', r.id, 'twilioRecordingSid', r."twilioRecordingSid", 'status', r.status, 'durationSeconds', r."durationSeconds",
                   'sizeBytes', r."sizeBytes", 'channels', r.channels, 'mimeType', r."mimeType", 'storedAt', ${iso('r."storedAt"')},
                   'lastError', r."lastError", 'errorCode', r."errorCode"
                 ) ORDER BY r."createdAt", r.id) AS list
          FROM "Recording" r WHERE r."callRecordId" = c.id
        ) rec ON true
        WHERE c.n <= ${take}
      ), '[]')::text AS items`;
}

/**
 * The planner's estimate of the matching calls, for a total past EXACT_TOTAL_LIMIT: counting
 * hundreds of thousands of rows exactly would cost more than the page itself. The same
 * conditions with the same bound values, planned and not run.
 */
export function estimateSql(criteria: CallRecordCriteria): Prisma.Sql {
  return Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM "CallRecord" c WHERE ${whereSql(criteria)}`;
}

/** The criteria as conditions over `c` (CallRecord), joined with AND; `true` when there are none. */
export function whereSql(criteria: CallRecordCriteria): Prisma.Sql {
  const {
    placedFrom,
    placedBefore,
    placedUntil,
    agentId,
    dataList,
    outcome,
    status,
    phone,
    hasRecording,
    minDuration,
    maxDuration,
    orphan,
  } = criteria;
  const parts: Prisma.Sql[] = [];
  // A timestamp column holds UTC wall time; an ISO instant cast to timestamp keeps exactly that.
  if (placedFrom) parts.push(Prisma.sql`c."placedAt" >= ${placedFrom.toISOString()}::timestamp`);
  if (placedBefore) parts.push(Prisma.sql`c."placedAt" < ${placedBefore.toISOString()}::timestamp`);
  if (placedUntil) parts.push(Prisma.sql`c."placedAt" <= ${placedUntil.toISOString()}::timestamp`);
  if (agentId !== undefined) parts.push(Prisma.sql`c."agentId" = ${agentId}::uuid`);
  if (dataList === 'none') parts.push(Prisma.sql`c."dataListId" IS NULL`);
  else if (dataList === 'any') parts.push(Prisma.sql`c."dataListId" IS NOT NULL`);
  else if (dataList) parts.push(Prisma.sql`c."dataListId" = ${dataList.id}::uuid`);
  if (outcome !== undefined) parts.push(Prisma.sql`c.outcome = ${outcome}::"CallOutcome"`);
  // The database's enum holds Twilio's words (in-progress, no-answer), as the API does.
  if (status !== undefined) parts.push(Prisma.sql`c.status = ${status}::"CallStatus"`);
  if (phone) parts.push(phoneSql(phone));
  if (hasRecording !== undefined) {
    const stored = Prisma.sql`EXISTS (SELECT 1 FROM "Recording" r WHERE r."callRecordId" = c.id AND r.status = 'STORED')`;
    parts.push(hasRecording ? stored : Prisma.sql`NOT ${stored}`);
  }
  if (minDuration !== undefined) parts.push(Prisma.sql`c."durationSeconds" >= ${minDuration}::int`);
  if (maxDuration !== undefined) parts.push(Prisma.sql`c."durationSeconds" <= ${maxDuration}::int`);
  if (orphan !== undefined) parts.push(orphan ? Prisma.sql`c.orphan` : Prisma.sql`NOT c.orphan`);
  return parts.length === 0 ? Prisma.sql`true` : Prisma.join(parts, ' AND ');
}

function phoneSql({ kind, value }: PhoneFilter): Prisma.Sql {
  // The values are digits and an optional leading +: nothing LIKE would read as a wildcard.
  if (kind === 'exact') return Prisma.sql`c."toNumber" = ${value}`;
  return Prisma.sql`c."toNumber" LIKE ${kind === 'prefix' ? `${value}%` : `%${value}%`}`;
}

/**
 * The ORDER BY over `c` (the agent's name is the call's copy of it). By placedAt, the id breaks ties
 * against the main direction, so that both directions walk the (placedAt DESC, id) index and
 * pages never overlap or skip rows. Other sorts put calls without a duration (still running),
 * an outcome or an agent (an orphan not attached yet) last either way, and show equal values newest first, then by id; (outcome,
 * placedAt DESC) then serves the ascending outcome sort.
 */
export function orderSql({ field, direction }: CallRecordOrder): Prisma.Sql {
  const dir = direction === 'desc' ? 'DESC' : 'ASC';
  const primary: Record<CallRecordOrder['field'], string> = {
    placedAt: `c."placedAt" ${dir}, c.id ${direction === 'desc' ? 'ASC' : 'DESC'}`,
    durationSeconds: `c."durationSeconds" ${dir} NULLS LAST`,
    agent: `c."agentName" ${dir} NULLS LAST`,
    outcome: `c.outcome ${dir} NULLS LAST`,
  };
  return Prisma.raw(field === 'placedAt' ? primary.placedAt : `${primary[field]}, c."placedAt" DESC, c.id ASC`);
}
