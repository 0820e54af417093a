import { ForbiddenException, GoneException, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { open, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { errorMessage } from '../../common/errors/error-message';
import { RequestContext } from '../../common/request-context';
import { AuditWriter } from '../audit/audit.writer';
import { ExportLinkService } from './export-link.service';
import { bundlePathOf, statusOf } from './export.mapper';

const INVALID_LINK = 'This download link is not valid';

/**
 * The one download a ready bundle allows (design 9.6). The row is claimed, and the download
 * audited, in one transaction before the first byte goes out: of two requests at once exactly one
 * gets the file, and a download cut short still used the link. The file is removed once sent.
 */
@Injectable()
export class ExportDownloadService {
  private readonly logger = new Logger(ExportDownloadService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly links: ExportLinkService,
    private readonly prisma: PrismaService,
  ) {}

  public async download(id: string, token: string | undefined, context: RequestContext, response: Response): Promise<void> {
    const row = await this.prisma.export.findUnique({ where: { id } });
    // An unknown id and a wrong token read alike: the answer tells nothing about which exports exist.
    if (!row || !this.links.holds(id, row.expiresAt, token)) throw new ForbiddenException(INVALID_LINK);
    this.assertUsable(row);

    const path = bundlePathOf(this.config.exports.dir, id);
    // Opened before the claim: a file that is not there must not use up the link.
    const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      this.logger.error(`Export ${id} is ready but its bundle ${path} cannot be opened: ${error.message}`);
      throw new ServiceUnavailableException(`The bundle of export ${id} is not available on this server; try again later`);
    });
    let claimed = false;
    // Once a read stream has it, the stream closes the handle (a handle in a stream's use cannot be closed apart).
    let streaming = false;
    try {
      const { size } = await file.stat();
      claimed = await this.claim(id, row.sha256, size, context);
      if (!claimed) {
        this.assertUsable(await this.prisma.export.findUniqueOrThrow({ where: { id } }));
        throw new GoneException('This download link was already used: the bundle has been downloaded');
      }
      response.status(200);
      response.setHeader('Content-Type', 'application/zip');
      response.setHeader('Content-Disposition', `attachment; filename="${downloadName(id, row.finishedAt ?? new Date())}"`);
      response.setHeader('Content-Length', String(size));
      response.setHeader('Cache-Control', 'no-store');
      let sent = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sent += chunk.length;
          done(null, chunk);
        },
      });
      try {
        streaming = true;
        await pipeline(file.createReadStream(), counter, response);
        this.logger.log(`Export ${id} downloaded (${size} bytes)`);
      } catch (error) {
        this.logger.warn(
          `The download of export ${id} stopped after ${sent} of ${size} bytes: ${errorMessage(error)}; the link is used up`,
        );
      }
    } finally {
      if (!streaming) await file.close().catch(() => undefined);
      if (claimed) await this.retire(id, path);
    }
  }

  /** Refusals that say why: used (410), expired (410), or not ready at all (403: there is no link). */
  private assertUsable(row: { status: string; expiresAt: Date | null; downloadedAt: Date | null }): void {
    if (row.downloadedAt) throw new GoneException('This download link was already used: the bundle has been downloaded');
    if (statusOf(row as Parameters<typeof statusOf>[0]) === 'expired') throw new GoneException('This download link has expired');
    if (row.status !== 'READY') throw new ForbiddenException(INVALID_LINK);
  }

  private async claim(id: string, sha256: string | null, bytes: number, context: RequestContext): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const claimed = await tx.$executeRaw`
        UPDATE "Export" SET "downloadedAt" = now()
        WHERE id = ${id}::uuid AND "downloadedAt" IS NULL AND status = 'READY' AND "expiresAt" > now()`;
      if (claimed === 0) return false;
      await this.audit.record({ action: 'EXPORT_DOWNLOADED', context, details: { exportId: id, sha256, bytes } }, tx);
      return true;
    });
  }

  /** The link is spent: the file goes and the export reads expired. */
  private async retire(id: string, path: string): Promise<void> {
    try {
      await rm(path, { force: true });
      await this.prisma.export.update({ where: { id }, data: { status: 'EXPIRED' } });
    } catch (error) {
      this.logger.error(`Could not remove the downloaded bundle of export ${id}: ${errorMessage(error)}; the expiry sweep removes it`);
    }
  }
}

/** `callrec-export-<date>-<first 8 of the id>.zip`, the date the bundle was built (UTC). */
export function downloadName(id: string, builtAt: Date): string {
  return `callrec-export-${builtAt.toISOString().slice(0, 10)}-${id.slice(0, 8)}.zip`;
}
