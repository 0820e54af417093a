import { MANUAL_DIAL_LABEL, UNASSIGNED_AGENT_LABEL } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { CallRecordSearch } from './call-record-filters';
import { afterSql, orderKeys } from './call-record-keyset';
import { orderSql, whereSql } from './call-record-sql';

/*
 * The CSV export reads every call the grid's filters select, in the grid's order, a batch at a
 * time by keyset: each batch starts after the last row of the one before, by the same keys the
 * ORDER BY uses. No statement stays open while the client reads, no transaction is held and an
 * OFFSET never has to skip the rows already sent; a call placed during the export cannot shift
 * rows into a batch twice.
 */

/** One CSV row's facts, as the database gives them. */
export interface ExportRow {
  placedAt: string;
  agent: string;
  contact: string | null;
  toNumber: string;
  dataList: string;
  status: string;
  outcome: string | null;
  durationSeconds: number | null;
  recordingStatus: string | null;
  recordingSid: string | null;
  recordingId: string | null;
  /** The order keys' values as text, where the next batch starts after. */
  keys: (string | null)[];
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The next `take` calls after `last` (null: from the start). The recording is the one a grid row
 * stands for (primaryRecording in the admin): the first STORED one, else the newest.
 */
export function exportBatchSql(
  { criteria, order }: Pick<CallRecordSearch, 'criteria' | 'order'>,
  last: (string | null)[] | null,
  take: number,
): Prisma.Sql {
  const keys = orderKeys(order);
  const keyColumns = Prisma.raw(`json_build_array(${keys.map((key) => `${key.column}::text`).join(', ')})`);
  const after = last ? Prisma.sql`AND ${afterSql(keys, last)}` : Prisma.empty;
  return Prisma.sql`
    SELECT to_char(c."placedAt", ${Prisma.raw(ISO)}) AS "placedAt", COALESCE(a.name, ${UNASSIGNED_AGENT_LABEL}::text) AS agent, ct.name AS contact, c."toNumber",
      COALESCE(dl.name, ${MANUAL_DIAL_LABEL}::text) AS "dataList", c.status::text AS status, c.outcome::text AS outcome,
      c."durationSeconds", rec.status::text AS "recordingStatus", rec."twilioRecordingSid" AS "recordingSid",
      rec.id::text AS "recordingId", ${keyColumns} AS keys
    FROM "CallRecord" c
    LEFT JOIN "User" a ON a.id = c."agentId"
    LEFT JOIN "Contact" ct ON ct.id = c."contactId"
    LEFT JOIN "DataList" dl ON dl.id = c."dataListId"
    LEFT JOIN LATERAL (
      SELECT r.id, r.status, r."twilioRecordingSid" FROM "Recording" r WHERE r."callRecordId" = c.id
      ORDER BY r.status = 'STORED' DESC,
        CASE WHEN r.status = 'STORED' THEN r."createdAt" END ASC, CASE WHEN r.status = 'STORED' THEN r.id END ASC,
        r."createdAt" DESC, r.id DESC
      LIMIT 1
    ) rec ON true
    WHERE ${whereSql(criteria)} ${after}
    ORDER BY ${orderSql(order)}
    LIMIT ${take}`;
}
