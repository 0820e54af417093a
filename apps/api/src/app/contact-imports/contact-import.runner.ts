import { Injectable, Logger } from '@nestjs/common';
import { CsvError, InfoRecord, Options, parse } from 'csv-parse';
import { createReadStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import { ContactImport } from '../../generated/prisma/client';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { errorMessage } from '../../common/errors/error-message';
import { AuditWriter } from '../audit/audit.writer';
import { ColumnMap, CsvHeaderError, isBlankLine, mapHeader, validateLine } from './csv-columns';
import { spoolPathOf } from './contact-import.mapper';
import { ImportStaging, StagedLine } from './import-staging';

/** The file cannot be read on: the import fails with this message. */
class ImportFileError extends Error {}

/** Lines written to the staging table at once, and how often the counts are reported. */
const BATCH_LINES = 1000;
/** A single record longer than this is refused, so an unclosed quote cannot fill memory. */
const MAX_RECORD_CHARS = 1_000_000;

interface ParsedRecord {
  line: number;
  fields: string[];
}

/**
 * Runs one import: streams the spooled CSV through csv-parse into a staging table a batch at a
 * time, rejects repeated keys there, then upserts every valid line and marks the import completed
 * in one transaction. A crashed or retried run starts from scratch and, as nothing of a run that
 * did not finish was committed, ends with the same counts.
 */
@Injectable()
export class ContactImportRunner {
  private readonly logger = new Logger(ContactImportRunner.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
  ) {}

  /** `lastAttempt`: a failure of the database or the queue then fails the import rather than waiting for a retry. */
  public async run(importId: string, lastAttempt: boolean): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl });
    try {
      await client.connect();
      // One run of an import at a time, should a stalled job be taken over while its first run
      // still goes on. The lock belongs to this connection, so a dead worker's ends with it.
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`contact-import:${importId}`]);
      await this.runLocked(client, importId, lastAttempt);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async runLocked(client: Client, importId: string, lastAttempt: boolean): Promise<void> {
    const row = await this.prisma.contactImport.findUnique({ where: { id: importId } });
    if (!row) {
      this.logger.warn(`Import ${importId} no longer exists; nothing to do`);
      return;
    }
    if (row.status === 'completed' || row.status === 'failed') {
      await this.settleFinished(row);
      return;
    }
    await this.prisma.contactImport.update({
      where: { id: importId },
      data: {
        status: 'running',
        startedAt: new Date(),
        finishedAt: null,
        total: 0,
        imported: 0,
        updated: 0,
        rejected: 0,
        errors: [],
        failure: null,
      },
    });
    const path = row.spoolKey ? spoolPathOf(this.config.importSpoolDir, row.spoolKey) : null;
    if (!path || !existsSync(path)) {
      await this.fail(row, 'The uploaded file is no longer in IMPORT_SPOOL_DIR; upload it again');
      return;
    }
    try {
      const staging = new ImportStaging(client);
      await staging.create();
      const { total, rejected } = await this.stage(row.id, path, staging);
      const duplicates = await staging.rejectDuplicates();
      await staging.reportRead(importId, total, rejected + duplicates);
      await client.query('BEGIN');
      const counts = await staging.upsert(row.dataListId, (sofar) =>
        this.prisma.contactImport.update({ where: { id: importId }, data: sofar }).then(() => undefined),
      );
      await staging.complete(importId, total, counts, this.config.importMaxErrors);
      await client.query('COMMIT');
      this.logger.log(
        `Import ${importId}: ${total} lines, ${counts.imported} imported, ${counts.updated} updated, ${rejected + duplicates} rejected`,
      );
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (error instanceof ImportFileError) {
        await this.fail(row, error.message);
        return;
      }
      if (lastAttempt) {
        await this.fail(row, `The import stopped: ${errorMessage(error)}`);
        return;
      }
      throw error;
    }
    await this.settleFinished(await this.prisma.contactImport.findUniqueOrThrow({ where: { id: importId } }), path);
  }

  /** Reads the file into staging; returns the data lines read (blank ones not counted) and those rejected. */
  private async stage(importId: string, path: string, staging: ImportStaging): Promise<{ total: number; rejected: number }> {
    let lastEnd = 0;
    const skipped: StagedLine[] = [];
    const options: Options<ParsedRecord, string[]> = {
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_CHARS,
      // Called in file order, as 'skip' is: both keep track of where the next record starts.
      on_record: (fields: string[], context: InfoRecord): ParsedRecord => {
        const record = { line: lastEnd + 1, fields };
        lastEnd = context.lines;
        return record;
      },
    };
    // The typings tie on_record's result to `columns`; records here are arrays mapped by ColumnMap.
    const parser = parse(options as unknown as Options);
    parser.on('skip', (error: CsvError & { lines?: number }) => {
      const line = lastEnd + 1;
      lastEnd = error.lines ?? lastEnd + 1;
      skipped.push({ line, phone: null, name: null, externalId: null, message: skipMessage(error, line, lastEnd) });
    });
    const source = createReadStream(path);
    source.on('error', (error) => parser.destroy(error));
    source.pipe(parser);

    let columns: ColumnMap | null = null;
    let batch: StagedLine[] = [];
    let total = 0;
    let rejected = 0;
    const flush = async () => {
      batch.push(...skipped.splice(0));
      total += batch.length;
      rejected += batch.filter((line) => line.message !== null).length;
      await staging.insert(batch);
      batch = [];
      await staging.reportRead(importId, total, rejected);
    };
    try {
      for await (const record of parser as AsyncIterable<ParsedRecord>) {
        if (!columns) {
          columns = headerOf(record.fields);
          continue;
        }
        if (isBlankLine(record.fields)) continue;
        const result = validateLine(record.fields, columns, this.config.defaultPhoneRegion);
        batch.push(
          result.ok
            ? { line: record.line, phone: result.phone, name: result.name, externalId: result.externalId, message: null }
            : { line: record.line, phone: null, name: null, externalId: null, message: result.message },
        );
        if (batch.length + skipped.length >= BATCH_LINES) await flush();
      }
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      throw new ImportFileError(`Line ${lastEnd + 1} cannot be read: ${errorMessage(error)}`);
    }
    if (!columns) throw new ImportFileError('The file is empty: it needs the header phone,name,external_id');
    await flush();
    return { total, rejected };
  }

  private async fail(row: ContactImport, failure: string): Promise<void> {
    await this.prisma.contactImport.update({
      where: { id: row.id },
      data: { status: 'failed', failure, finishedAt: new Date(), spoolKey: null },
    });
    this.logger.warn(`Import ${row.id} failed: ${failure}`);
    const path = row.spoolKey ? spoolPathOf(this.config.importSpoolDir, row.spoolKey) : undefined;
    await this.settleFinished(await this.prisma.contactImport.findUniqueOrThrow({ where: { id: row.id } }), path);
  }

  /**
   * An ended import has its spool file removed and exactly one CONTACTS_IMPORT_FINISHED: a run
   * that died between its commit and the audit write leaves the next run to write it.
   */
  private async settleFinished(row: ContactImport, path?: string): Promise<void> {
    if (path) await rm(path, { force: true });
    const [written] = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM "AuditEvent" WHERE action = 'CONTACTS_IMPORT_FINISHED' AND details->>'importId' = ${row.id} LIMIT 1`;
    if (written) return;
    await this.audit.record({
      action: 'CONTACTS_IMPORT_FINISHED',
      actorId: null,
      details: {
        importId: row.id,
        dataListId: row.dataListId,
        startedBy: row.createdById,
        status: row.status,
        total: row.total,
        imported: row.imported,
        updated: row.updated,
        rejected: row.rejected,
        ...(row.failure ? { failure: row.failure } : {}),
      },
    });
  }
}

function headerOf(fields: string[]): ColumnMap {
  try {
    return mapHeader(fields);
  } catch (error) {
    if (error instanceof CsvHeaderError) throw new ImportFileError(error.message);
    throw error;
  }
}

/** Why csv-parse skipped a record, in words about the line rather than the parser. */
function skipMessage(error: CsvError, line: number, end: number): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return end > line ? `A quoted field is never closed: lines ${line} to ${end} could not be read` : 'A quoted field is never closed';
  }
  if (error.code === 'CSV_MAX_RECORD_SIZE') return `The line is longer than ${MAX_RECORD_CHARS} characters`;
  return `The line cannot be read as CSV (${error.message.replace(/ at line \d+.*$/, '')})`;
}
