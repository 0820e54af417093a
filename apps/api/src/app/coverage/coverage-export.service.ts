import { Injectable, Logger } from '@nestjs/common';
import { CoverageMissingItem, CoverageQuery, CoverageRow, UNASSIGNED_AGENT_LABEL } from '@callrec/contracts';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errorMessage } from '../../common/errors/error-message';
import { RequestContext } from '../../common/request-context';
import { AuditWriter } from '../audit/audit.writer';
import { csvLine } from '../call-records/call-records-csv';
import { CoverageMissingFilter, CoverageService } from './coverage.service';

/** Missing calls read per statement (keyset), as the call-records export does. */
export const MISSING_BATCH_ROWS = 500;

const REPORT_HEADER = ['Key', 'Label', 'Answered', 'Recorded', 'Missing', 'Failed', 'Absent', 'Coverage'] as const;
const MISSING_HEADER = [
  'Placed at (UTC)',
  'Agent',
  'To number',
  'Data list',
  'Duration (s)',
  'Reason',
  'Detail',
  'Call SID',
  'Recording SID',
  'Error code',
  'Last error',
  'Call record ID',
  'Recording ID',
] as const;

/** The coverage report and its missing calls as CSV (design 9.7), with the call-records export's escaping. */
@Injectable()
export class CoverageExportService {
  private readonly logger = new Logger(CoverageExportService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly coverage: CoverageService,
  ) {}

  /** The report's rows and a last `total` row. Counts only: no phone numbers, so no audit event. */
  public async sendReport(query: CoverageQuery, response: Response): Promise<void> {
    const report = await this.coverage.report(query);
    const lines = [
      csvLine(REPORT_HEADER),
      ...report.rows.map((row) => csvLine(reportCells(row))),
      csvLine(reportCells({ key: 'total', label: 'Total', ...report.total })),
    ];
    setCsvHeaders(response, `coverage-${report.groupBy}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv`);
    response.send(lines.join(''));
  }

  /**
   * Every missing call of the filter, streamed in keyset batches. The rows carry phone numbers,
   * so the export is audited as the call-records CSV is: CALL_RECORDS_EXPORTED, saying what it is.
   */
  public async sendMissing(filter: CoverageMissingFilter, context: RequestContext, response: Response): Promise<void> {
    // A bad filter is a 400 before anything is sent.
    const window = this.coverage.checkMissing(filter);
    const details = {
      export: 'coverage-missing',
      filters: definedOnly({ ...filter, from: window.from.toISOString(), to: window.to.toISOString(), timeZone: window.timeZone }),
      rows: 0,
    };
    setCsvHeaders(response, `coverage-missing-${new Date().toISOString().slice(0, 10)}.csv`);
    let audited = false;
    const lines = async function* (this: CoverageExportService): AsyncGenerator<string> {
      yield csvLine(MISSING_HEADER);
      for await (const batch of this.coverage.missingBatches(filter, MISSING_BATCH_ROWS)) {
        details.rows += batch.length;
        yield batch.map((item) => csvLine(missingCells(item))).join('');
      }
      // Before the last byte goes out: whoever has the whole file can find the event.
      await this.audit.record({ action: 'CALL_RECORDS_EXPORTED', context, details });
      audited = true;
    };
    try {
      await pipeline(Readable.from(lines.call(this)), response);
    } catch (error) {
      this.logger.warn(`Coverage missing-calls export cut short after ${details.rows} rows: ${errorMessage(error)}`);
      if (!audited) await this.audit.recordQuietly({ action: 'CALL_RECORDS_EXPORTED', context, details: { ...details, complete: false } });
    }
  }
}

function setCsvHeaders(response: Response, filename: string): void {
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  response.setHeader('Cache-Control', 'no-store');
}

function reportCells(row: CoverageRow): (string | number)[] {
  return [row.key, row.label, row.answered, row.recorded, row.missing, row.failed, row.absent, Number(row.coverage.toFixed(6))];
}

function missingCells(item: CoverageMissingItem): (string | number | null)[] {
  return [
    item.placedAt,
    item.agent?.name ?? UNASSIGNED_AGENT_LABEL,
    item.toNumber,
    item.dataListLabel,
    item.durationSeconds,
    item.reason,
    item.detail,
    item.twilioCallSid,
    item.twilioRecordingSid,
    item.errorCode,
    item.lastError,
    item.callRecordId,
    item.recordingId,
  ];
}

function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
