import {
  BadRequestException,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ContactImportDto, ImportAccepted } from '@callrec/contracts';
import { parse } from 'csv-parse/sync';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { ContactImportJobsService } from '../../services/queues/contact-import-jobs.service';
import { errorMessage } from '../../common/errors/error-message';
import { RequestContext } from '../../common/request-context';
import { AuditWriter } from '../audit/audit.writer';
import { CsvHeaderError, EXPECTED_HEADER, mapHeader } from './csv-columns';
import { spoolKeyOf, spoolPathOf, toContactImportDto } from './contact-import.mapper';
import { BadUploadError, spoolMultipart, spoolStream, SpooledUpload, UploadTooLargeError } from './upload-spool';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];
const RECENT_IMPORTS = 50;

/** Takes a CSV upload into the spool directory and queues its import (design 9.10). */
@Injectable()
export class ContactImportsService {
  private readonly logger = new Logger(ContactImportsService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly jobs: ContactImportJobsService,
    private readonly prisma: PrismaService,
  ) {}

  public async accept(dataListId: string, request: Request, context: RequestContext): Promise<ImportAccepted> {
    const list = await this.prisma.dataList.findUnique({ where: { id: dataListId }, select: { id: true } });
    if (!list) throw this.refuse(request, new NotFoundException(`Data list ${dataListId} does not exist`));
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const multipart = type === 'multipart/form-data';
    if (!multipart && !CSV_TYPES.includes(type)) {
      throw this.refuse(request, new UnsupportedMediaTypeException('Send the CSV as text/csv or as a file in a multipart/form-data body'));
    }
    const declared = Number(request.headers['content-length'] ?? NaN);
    if (!multipart && declared > this.config.importMaxBytes) throw this.refuse(request, this.tooLarge());

    const importId = randomUUID();
    const spoolKey = spoolKeyOf(importId);
    const path = spoolPathOf(this.config.importSpoolDir, spoolKey);
    await mkdir(this.config.importSpoolDir, { recursive: true });
    let upload: SpooledUpload;
    try {
      upload = multipart
        ? await spoolMultipart(request, path, this.config.importMaxBytes)
        : await spoolStream(request, path, this.config.importMaxBytes);
    } catch (error) {
      await rm(path, { force: true });
      if (error instanceof UploadTooLargeError) throw this.tooLarge();
      if (error instanceof BadUploadError) throw new BadRequestException(error.message);
      throw error;
    }
    try {
      this.checkHeader(upload);
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }

    await this.prisma.$transaction(async (tx) => {
      await tx.contactImport.create({ data: { id: importId, dataListId, createdById: context.user?.id ?? null, spoolKey } });
      await this.audit.record({ action: 'CONTACTS_IMPORT_STARTED', context, details: { importId, dataListId, bytes: upload.bytes } }, tx);
    });
    try {
      await this.jobs.enqueueImport(importId);
    } catch (error) {
      const failure = `The import could not be queued: ${errorMessage(error)}`;
      await this.prisma.contactImport.update({
        where: { id: importId },
        data: { status: 'failed', failure, finishedAt: new Date(), spoolKey: null },
      });
      await rm(path, { force: true });
      throw new ServiceUnavailableException(`${failure}; try again`);
    }
    this.logger.log(`Import ${importId} of ${upload.bytes} bytes into data list ${dataListId} queued`);
    return { importId };
  }

  public async get(id: string): Promise<ContactImportDto> {
    const row = await this.prisma.contactImport.findUnique({ where: { id } });
    if (!row) throw new NotFoundException(`Import ${id} does not exist`);
    return toContactImportDto(row);
  }

  /** The list's recent imports, newest first. */
  public async recent(dataListId: string): Promise<ContactImportDto[]> {
    const list = await this.prisma.dataList.findUnique({ where: { id: dataListId }, select: { id: true } });
    if (!list) throw new NotFoundException(`Data list ${dataListId} does not exist`);
    const rows = await this.prisma.contactImport.findMany({
      where: { dataListId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: RECENT_IMPORTS,
    });
    return rows.map(toContactImportDto);
  }

  /** A file with no usable header is refused before it is accepted; the worker checks again. */
  private checkHeader(upload: SpooledUpload): void {
    const line = upload.firstLine?.replace(/^\uFEFF/, '');
    if (upload.bytes === 0 || line?.trim() === '') {
      throw new BadRequestException(`The CSV is empty: it needs the header ${EXPECTED_HEADER} and a line per contact`);
    }
    if (line === undefined) throw new BadRequestException('The CSV header line is longer than 64 KB');
    let fields: string[];
    try {
      [fields = []] = parse(line, { relax_quotes: true, relax_column_count: true }) as string[][];
    } catch (error) {
      throw new BadRequestException(`The CSV header cannot be read: ${errorMessage(error)}`);
    }
    try {
      mapHeader(fields);
    } catch (error) {
      if (error instanceof CsvHeaderError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  private tooLarge(): PayloadTooLargeException {
    return new PayloadTooLargeException(
      `The CSV is larger than the import limit of ${this.config.importMaxBytes} bytes (IMPORT_MAX_BYTES)`,
    );
  }

  /** Refused before the body was read: drain it, so the client reads the answer rather than a reset. */
  private refuse<E extends Error>(request: Request, error: E): E {
    request.resume();
    return error;
  }
}
