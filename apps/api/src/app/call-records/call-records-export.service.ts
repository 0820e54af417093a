import { Injectable, Logger } from '@nestjs/common';
import { CallRecordQuery } from '@callrec/contracts';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RequestContext } from '../../common/request-context';
import { errorMessage } from '../../common/errors/error-message';
import { AuditWriter } from '../audit/audit.writer';
import { buildCallRecordSearch, CallRecordSearch } from './call-record-filters';
import { ExportRow, exportBatchSql } from './call-record-export-sql';
import { csvLine } from './call-records-csv';

/** Calls read per statement: enough to keep round trips few, small enough to never matter in memory. */
export const EXPORT_BATCH_ROWS = 500;

const HEADER = [
  'Placed at (UTC)',
  'Agent',
  'Contact',
  'To number',
  'Data list',
  'Call status',
  'Outcome',
  'Duration (s)',
  'Recording status',
  'Recording SID',
  'Recording ID',
] as const;

/** The grid's filters and order, without paging: the export has every matching call. */
export type CallRecordExportQuery = Omit<CallRecordQuery, 'page' | 'pageSize'>;

/**
 * `GET /api/call-records/export.csv` (design 9.6): the grid's calls as CSV, read from Postgres a
 * batch at a time and written as the client takes them, so neither side holds the whole result.
 */
@Injectable()
export class CallRecordsExportService {
  private readonly logger = new Logger(CallRecordsExportService.name);

  public constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditWriter,
  ) {}

  /** Checks the filters first (a bad one is a 400 before anything is sent), then streams. */
  public async send(query: CallRecordExportQuery, context: RequestContext, response: Response): Promise<void> {
    const search = buildCallRecordSearch(query);
    const details = { filters: definedOnly(query), rows: 0 };
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="call-records-${new Date().toISOString().slice(0, 10)}.csv"`);
    response.setHeader('Cache-Control', 'no-store');
    let audited = false;
    const lines = async function* (this: CallRecordsExportService): AsyncGenerator<string> {
      yield csvLine(HEADER);
      for await (const batch of this.batches(search)) {
        details.rows += batch.length;
        yield batch.map(toLine).join('');
      }
      // Before the last byte goes out: whoever has the whole file can find the event.
      await this.audit.record({ action: 'CALL_RECORDS_EXPORTED', context, details });
      audited = true;
    };
    try {
      await pipeline(Readable.from(lines.call(this)), response);
    } catch (error) {
      this.logger.warn(`Call-records export cut short after ${details.rows} rows: ${errorMessage(error)}`);
      if (!audited) await this.audit.recordQuietly({ action: 'CALL_RECORDS_EXPORTED', context, details: { ...details, complete: false } });
    }
  }

  private async *batches(search: CallRecordSearch): AsyncGenerator<ExportRow[]> {
    let last: (string | null)[] | null = null;
    for (;;) {
      const rows: ExportRow[] = await this.prisma.$queryRaw<ExportRow[]>(exportBatchSql(search, last, EXPORT_BATCH_ROWS));
      if (rows.length > 0) yield rows;
      if (rows.length < EXPORT_BATCH_ROWS) return;
      last = rows[rows.length - 1].keys;
    }
  }
}

function toLine(row: ExportRow): string {
  return csvLine([
    row.placedAt,
    row.agent,
    row.contact,
    row.toNumber,
    row.dataList,
    row.status,
    row.outcome,
    row.durationSeconds,
    row.recordingStatus,
    row.recordingSid,
    row.recordingId,
  ]);
}

function definedOnly(query: CallRecordExportQuery): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
}
