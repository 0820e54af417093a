import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService } from '../../services/prisma/prisma.service';
import { HOLD_COVERS } from '../legal-holds/hold-coverage';
import { AuditEventRow } from './export-bundle.format';

// Timestamps leave the database as ISO text (UTC wall time, as the columns hold it), so no
// driver's idea of a local zone can shift them: the audit hash covers `at` to the millisecond.
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (column: string) => Prisma.raw(`to_char(${column}, ${ISO})`);

/** Recordings read from the database at once while building, and audit events per page. */
const ITEM_BATCH = 200;
const AUDIT_PAGE = 2000;

/** What the build needs of one item to write its audio, or to say why it cannot. */
export interface ExportItemRow {
  id: string;
  twilioRecordingSid: string;
  status: string;
  storageKey: string | null;
  storageBackend: 'LOCAL' | 'S3' | null;
  sizeBytes: number | null;
  sha256: string | null;
  encrypted: boolean;
  storedAt: Date | null;
  deletedAt: Date | null;
  placedAt: Date;
  toNumber: string;
  agentName: string | null;
}

export const EXPORT_OWN_ACTIONS = ['EXPORT_REQUESTED', 'EXPORT_APPROVED', 'EXPORT_BUILT'] as const;

/** The database reads of a build: its items, the facts of each recording, and their audit trail. */
@Injectable()
export class ExportEvidenceReader {
  public constructor(private readonly prisma: PrismaService) {}

  /** The export's items in bundle order (the call's placedAt, then the id), a batch at a time. */
  public async *items(exportId: string): AsyncGenerator<ExportItemRow[]> {
    let after: { placedAt: Date; id: string } | null = null;
    for (;;) {
      const keyset: Prisma.Sql = after
        ? Prisma.sql`AND (c."placedAt", r.id) > (${after.placedAt.toISOString()}::timestamp, ${after.id}::uuid)`
        : Prisma.empty;
      const raw = await this.prisma.$queryRaw<
        (Omit<ExportItemRow, 'placedAt' | 'storedAt' | 'deletedAt'> & Dates<'placedAt' | 'storedAt' | 'deletedAt'>)[]
      >`
        SELECT r.id, r."twilioRecordingSid", r.status::text AS status, r."storageKey", r."storageBackend"::text AS "storageBackend",
               r."sizeBytes", r.sha256, r.encrypted, ${iso('r."storedAt"')} AS "storedAt", ${iso('r."deletedAt"')} AS "deletedAt",
               ${iso('c."placedAt"')} AS "placedAt", c."toNumber", a.name AS "agentName"
        FROM "ExportItem" i
        JOIN "Recording" r ON r.id = i."recordingId"
        JOIN "CallRecord" c ON c.id = r."callRecordId"
        LEFT JOIN "User" a ON a.id = c."agentId"
        WHERE i."exportId" = ${exportId}::uuid ${keyset}
        ORDER BY c."placedAt", r.id
        LIMIT ${ITEM_BATCH}`;
      if (raw.length === 0) return;
      const rows: ExportItemRow[] = raw.map((row) => ({
        ...row,
        placedAt: new Date(row.placedAt as string),
        storedAt: dateOrNull(row.storedAt),
        deletedAt: dateOrNull(row.deletedAt),
      }));
      yield rows;
      const last = rows[rows.length - 1];
      after = { placedAt: last.placedAt, id: last.id };
    }
  }

  /** Recordings with their call, agent, list and outcome history, for metadata/<sid>.json. */
  public recordings(ids: string[]) {
    return this.prisma.recording.findMany({
      where: { id: { in: ids } },
      include: {
        callRecord: {
          include: {
            agent: { select: { id: true, name: true, email: true } },
            dataList: { select: { id: true, name: true } },
            outcomeChanges: { orderBy: [{ at: 'asc' }, { id: 'asc' }], include: { changedBy: { select: { id: true, name: true } } } },
          },
        },
      },
    });
  }

  /** Every legal hold, active or released, whose criteria cover each recording (HOLD_COVERS). */
  public async holds(ids: string[]): Promise<Map<string, HoldRow[]>> {
    const rows = await this.prisma.$queryRaw<(HoldRow & { recordingId: string })[]>`
      SELECT r.id AS "recordingId", h.id, h.name, h.reason, ${iso('h."createdAt"')} AS "createdAt", ${iso('h."releasedAt"')} AS "releasedAt"
      FROM "LegalHold" h, "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
      WHERE r.id = ANY(${ids}::uuid[]) AND ${HOLD_COVERS}
      ORDER BY h."createdAt", h.id`;
    const byRecording = new Map<string, HoldRow[]>();
    for (const { recordingId, ...hold } of rows) byRecording.set(recordingId, [...(byRecording.get(recordingId) ?? []), hold]);
    return byRecording;
  }

  /**
   * audit.jsonl's events in seq order, up to and including `untilSeq` (this export's EXPORT_BUILT):
   * every event about an included recording, and this export's own events.
   */
  public async *auditEvents(exportId: string, excluded: string[], untilSeq: number): AsyncGenerator<AuditEventRow> {
    let after = 0;
    for (;;) {
      const rows = await this.prisma.$queryRaw<(Omit<AuditEventRow, 'at'> & { at: string })[]>`
        SELECT e.seq, ${iso('e.at')} AS at, e."actorId", u.name AS "actorName", e."apiKeyId", e.action::text AS action, e."recordingId", e.ip,
               e."userAgent", e.details, e."prevHash", e.hash
        FROM "AuditEvent" e LEFT JOIN "User" u ON u.id = e."actorId"
        WHERE e.seq > ${after} AND e.seq <= ${untilSeq} AND (
          e.id IN (
            SELECT a.id FROM "ExportItem" i JOIN "AuditEvent" a ON a."recordingId" = i."recordingId"
            WHERE i."exportId" = ${exportId}::uuid AND NOT (i."recordingId" = ANY(${excluded}::uuid[])) AND a.seq > ${after} AND a.seq <= ${untilSeq})
          OR (e.action::text = ANY(${[...EXPORT_OWN_ACTIONS]}::text[]) AND e.details->>'exportId' = ${exportId}))
        ORDER BY e.seq
        LIMIT ${AUDIT_PAGE}`;
      if (rows.length === 0) return;
      for (const row of rows) yield { ...row, at: new Date(row.at) };
      after = rows[rows.length - 1].seq;
    }
  }
}

/** A hold as metadata/<sid>.json lists it; times as ISO text. */
export interface HoldRow {
  id: string;
  name: string;
  reason: string;
  createdAt: string;
  releasedAt: string | null;
}

type Dates<K extends string> = { [key in K]: string | null };

function dateOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
