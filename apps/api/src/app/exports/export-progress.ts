import { Logger } from '@nestjs/common';
import { PrismaService } from '../../services/prisma/prisma.service';
import { errorMessage } from '../../common/errors/error-message';

/** At most this often the row's done/bytes are written: a status page's worth, not one write per chunk. */
const INTERVAL_MS = 500;

/** A build's progress (done recordings, bundle bytes) on its Export row, throttled, one write at a time. */
export class ExportProgress {
  private readonly logger = new Logger(ExportProgress.name);
  private lastWrite = 0;
  private pending: Promise<void> = Promise.resolve();
  private writing = false;

  public constructor(
    private readonly prisma: PrismaService,
    private readonly exportId: string,
  ) {}

  public report(done: number, bytes: number): void {
    const now = Date.now();
    if (this.writing || now - this.lastWrite < INTERVAL_MS) return;
    this.lastWrite = now;
    this.writing = true;
    this.pending = this.prisma.export
      .updateMany({ where: { id: this.exportId, status: 'RUNNING' }, data: { done, bytes } })
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`Could not record the progress of export ${this.exportId}: ${errorMessage(error)}`))
      .finally(() => {
        this.writing = false;
      });
  }

  /** Waits for a write in flight, so the final update is not overtaken by a late one. */
  public settle(): Promise<void> {
    return this.pending;
  }
}
