import { MANUAL_DIAL_LABEL } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
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
 * recording summaries included), and the total that matches: one statement, one round trip.
 */
export function searchSql({ criteria, order: sort, skip, take }: CallRecordSearch): Prisma.Sql {
  const order = orderSql(sort);
  const conditions = whereSql(criteria);
  // Agent sorts need the agent's name before the LIMIT; other sorts keep the join out of the
  // part that walks the index, so the planner can stop after `take` rows.
  const sortsByAgent = sort.field === 'agent';
  return Prisma.sql`
    WITH page AS (
      SELECT c.* FROM "CallRecord" c ${sortsByAgent ? Prisma.sql`LEFT JOIN "User" a ON a.id = c."agentId"` : Prisma.empty}
      WHERE ${conditions}
      ORDER BY ${order} LIMIT ${take} OFFSET ${skip}
    )
    SELECT (SELECT count(*)::int FROM "CallRecord" c WHERE ${conditions}) AS total,
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
        ) ORDER BY ${order})
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
      ), '[]')::text AS items`;
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
 * The ORDER BY over `c` and, for the agent sort, `a` (User). By placedAt, the id breaks ties
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
    agent: `a.name ${dir} NULLS LAST`,
    outcome: `c.outcome ${dir} NULLS LAST`,
  };
  return Prisma.raw(field === 'placedAt' ? primary.placedAt : `${primary[field]}, c."placedAt" DESC, c.id ASC`);
}
