import { Injectable, Logger } from '@nestjs/common';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { ExportJobsService } from '../../services/queues/export-jobs.service';
import { errorMessage } from '../../common/errors/error-message';

const FILE = /^([0-9a-f-]{36})\.zip(\.partial)?$/;

export interface ExpirySummary {
  expired: number;
  filesRemoved: number;
  requeued: number;
}

/**
 * The minute's sweep (JOB.expireExports): ready bundles whose link expired or was used become
 * EXPIRED and their files go; files no row needs (a partial of a build that is not running, a
 * bundle of an export that is not ready) go too; queued exports whose build job was lost are
 * queued again (one job id per export, so a waiting one is not doubled).
 */
@Injectable()
export class ExportExpiryService {
  private readonly logger = new Logger(ExportExpiryService.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly jobs: ExportJobsService,
    private readonly prisma: PrismaService,
  ) {}

  public async sweep(): Promise<ExpirySummary> {
    const now = new Date();
    const { count: expired } = await this.prisma.export.updateMany({
      where: { status: 'READY', OR: [{ expiresAt: { lte: now } }, { downloadedAt: { not: null } }] },
      data: { status: 'EXPIRED' },
    });
    const filesRemoved = await this.removeUnneededFiles();
    const queued = await this.prisma.export.findMany({ where: { status: 'QUEUED' }, select: { id: true } });
    for (const { id } of queued) await this.jobs.enqueueBuild(id);
    if (expired + filesRemoved > 0) this.logger.log(`Export expiry: ${expired} expired, ${filesRemoved} files removed`);
    return { expired, filesRemoved, requeued: queued.length };
  }

  private async removeUnneededFiles(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.config.exports.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const files = names.flatMap((name) => {
      const match = FILE.exec(name);
      return match ? [{ name, id: match[1], partial: match[2] !== undefined }] : [];
    });
    if (files.length === 0) return 0;
    const ids = Array.from(new Set(files.map((f) => f.id)));
    const rows = await this.prisma.export.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
    const status = new Map(rows.map((row) => [row.id, row.status]));
    let removed = 0;
    for (const { name, id, partial } of files) {
      // A partial is kept only while its build runs; a bundle while its export is ready (or about to
      // be: a build renames the file just before it marks the row).
      const needed = partial ? status.get(id) === 'RUNNING' : status.get(id) === 'READY' || status.get(id) === 'RUNNING';
      if (needed) continue;
      try {
        await rm(join(this.config.exports.dir, name), { force: true });
        removed += 1;
      } catch (error) {
        this.logger.warn(`Could not remove ${name} from EXPORT_DIR: ${errorMessage(error)}`);
      }
    }
    return removed;
  }
}
