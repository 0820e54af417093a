import { MANUAL_DIAL_LABEL } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { CallStatus as DbCallStatus } from '../../generated/prisma/enums';
import { fromDbCallStatus } from '../../common/call-status';
import { CallRecordSearch } from './call-record-filters';

/*
 * The search as one plain statement that answers with the page's JSON and the total, instead
 * of Prisma's page, count and one load per relation: each statement Prisma sends and each row
 * it decodes costs the API more than the database spends on these (see bench/README.md). The
 * filters and the order are still decided once, by buildCallRecordSearch; this only
 * translates its output, and refuses any shape it does not know rather than guess.
 */

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (column: string) => Prisma.raw(`to_char(${column}, ${ISO})`);

const COLUMNS: Record<string, string> = {
  placedAt: 'c."placedAt"',
  id: 'c.id',
  durationSeconds: 'c."durationSeconds"',
  outcome: 'c.outcome',
};

/**
 * One page of calls, built by the database as the answer's JSON (agent, contact, list and
 * recording summaries included), and the total that matches: one statement, one round trip.
 */
export function searchSql({ where, orderBy, skip, take }: CallRecordSearch): Prisma.Sql {
  const order = orderSql(orderBy);
  const conditions = whereSql(where);
  // Agent sorts need the agent's name before the LIMIT; other sorts keep the join out of the
  // part that walks the index, so the planner can stop after `take` rows.
  const sortsByAgent = orderBy.some((o) => 'agent' in o);
  return Prisma.sql`
    WITH page AS (
      SELECT c.* FROM "CallRecord" c ${sortsByAgent ? Prisma.sql`JOIN "User" a ON a.id = c."agentId"` : Prisma.empty}
      WHERE ${conditions}
      ORDER BY ${order} LIMIT ${take} OFFSET ${skip}
    )
    SELECT (SELECT count(*)::int FROM "CallRecord" c WHERE ${conditions}) AS total,
      COALESCE((
        SELECT json_agg(json_build_object(
          'id', c.id, 'twilioCallSid', c."twilioCallSid", 'direction', c.direction, 'fromNumber', c."fromNumber", 'toNumber', c."toNumber",
          'status', c.status, 'outcome', c.outcome, 'placedAt', ${iso('c."placedAt"')}, 'answeredAt', ${iso('c."answeredAt"')},
          'endedAt', ${iso('c."endedAt"')}, 'durationSeconds', c."durationSeconds",
          'agent', json_build_object('id', a.id, 'name', a.name),
          'contact', CASE WHEN ct.id IS NULL THEN NULL ELSE json_build_object('id', ct.id, 'name', ct.name, 'phone', ct.phone) END,
          'dataList', CASE WHEN dl.id IS NULL THEN NULL ELSE json_build_object('id', dl.id, 'name', dl.name) END,
          'dataListLabel', COALESCE(dl.name, ${MANUAL_DIAL_LABEL}::text),
          'recordings', COALESCE(rec.list, '[]'::json)
        ) ORDER BY ${order})
        FROM page c
        JOIN "User" a ON a.id = c."agentId"
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

type Where = Prisma.CallRecordWhereInput;

/** The conditions buildWhere produces, as SQL over `c` (CallRecord). */
export function whereSql(where: Where): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  for (const [key, value] of Object.entries(where) as [keyof Where, unknown][]) {
    if (value === undefined) continue;
    switch (key) {
      case 'placedAt':
      case 'durationSeconds':
        parts.push(...range(key, value as Record<string, Date | number>));
        break;
      case 'agentId':
        parts.push(Prisma.sql`c."agentId" = ${value as string}::uuid`);
        break;
      case 'dataListId':
        if (value === null) parts.push(Prisma.sql`c."dataListId" IS NULL`);
        else if (typeof value === 'string') parts.push(Prisma.sql`c."dataListId" = ${value}::uuid`);
        else if (isNotNull(value)) parts.push(Prisma.sql`c."dataListId" IS NOT NULL`);
        else unknownShape(key, value);
        break;
      case 'outcome':
        parts.push(Prisma.sql`c.outcome = ${value as string}::"CallOutcome"`);
        break;
      case 'status':
        parts.push(Prisma.sql`c.status = ${fromDbCallStatus(value as DbCallStatus)}::"CallStatus"`);
        break;
      case 'toNumber':
        parts.push(phone(value));
        break;
      case 'recordings':
        parts.push(storedRecording(value));
        break;
      default:
        unknownShape(key, value);
    }
  }
  return parts.length === 0 ? Prisma.sql`true` : Prisma.join(parts, ' AND ');
}

const OPERATORS: Record<string, string> = { gte: '>=', gt: '>', lte: '<=', lt: '<' };

function range(key: 'placedAt' | 'durationSeconds', filter: Record<string, Date | number>): Prisma.Sql[] {
  return Object.entries(filter).map(([op, bound]) => {
    if (!(op in OPERATORS)) unknownShape(key, filter);
    const operator = Prisma.raw(OPERATORS[op]);
    // A timestamp column holds UTC wall time; an ISO instant cast to timestamp keeps exactly that.
    return key === 'placedAt'
      ? Prisma.sql`c."placedAt" ${operator} ${(bound as Date).toISOString()}::timestamp`
      : Prisma.sql`c."durationSeconds" ${operator} ${bound as number}::int`;
  });
}

function phone(value: unknown): Prisma.Sql {
  if (typeof value === 'string') return Prisma.sql`c."toNumber" = ${value}`;
  const filter = value as { startsWith?: string; contains?: string };
  // The values are digits and an optional leading +: nothing LIKE would read as a wildcard.
  if (filter.startsWith !== undefined) return Prisma.sql`c."toNumber" LIKE ${`${filter.startsWith}%`}`;
  if (filter.contains !== undefined) return Prisma.sql`c."toNumber" LIKE ${`%${filter.contains}%`}`;
  return unknownShape('toNumber', value);
}

function storedRecording(value: unknown): Prisma.Sql {
  const filter = value as { some?: { status?: string }; none?: { status?: string } };
  const exists = Prisma.sql`EXISTS (SELECT 1 FROM "Recording" r WHERE r."callRecordId" = c.id AND r.status = 'STORED')`;
  if (filter.some?.status === 'STORED') return exists;
  if (filter.none?.status === 'STORED') return Prisma.sql`NOT ${exists}`;
  return unknownShape('recordings', value);
}

function isNotNull(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'not' in value && (value as { not: unknown }).not === null;
}

/** buildOrderBy's terms as ORDER BY over `c` and, for the agent sort, `a` (User). */
export function orderSql(orderBy: Prisma.CallRecordOrderByWithRelationInput[]): Prisma.Sql {
  return Prisma.join(
    orderBy.map((term) => {
      const [[key, value]] = Object.entries(term) as [string, unknown][];
      if (key === 'agent') return Prisma.raw(`a.name ${direction((value as { name: unknown }).name)}`);
      const column = COLUMNS[key] ?? unknownShape(key, value);
      if (typeof value === 'string') return Prisma.raw(`${column} ${direction(value)}`);
      const { sort, nulls } = value as { sort: unknown; nulls?: unknown };
      const last = nulls === undefined ? '' : nulls === 'last' ? ' NULLS LAST' : nulls === 'first' ? ' NULLS FIRST' : unknownShape(key, value);
      return Prisma.raw(`${column} ${direction(sort)}${last}`);
    }),
    ', ',
  );
}

function direction(value: unknown): 'ASC' | 'DESC' {
  if (value === 'asc') return 'ASC';
  if (value === 'desc') return 'DESC';
  return unknownShape('sort', value);
}

function unknownShape(key: string, value: unknown): never {
  throw new Error(`The call-record search cannot translate ${key}: ${JSON.stringify(value)}`);
}
