import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { metricSql } from './coverage-sql';

/** The metric's window: the last week of answered calls. */
export const METRIC_WINDOW_MS = 7 * 86_400_000;
/** Calls that ended more recently than this are left out: their recordings are still in flight. */
export const METRIC_SETTLE_MS = 15 * 60_000;

export interface CoverageStats {
  answered: number;
  unrecorded: number;
  ratio: number;
  /** 1 when the ratio is under COVERAGE_ALERT_BELOW. */
  alert: 0 | 1;
}

/** The last week's coverage for /api/metrics, in one statement. */
@Injectable()
export class CoverageStatsService {
  public constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
  ) {}

  public async lastWeek(now = new Date()): Promise<CoverageStats> {
    const since = new Date(now.getTime() - METRIC_WINDOW_MS);
    const settled = new Date(now.getTime() - METRIC_SETTLE_MS);
    const [{ answered, unrecorded }] = await this.prisma.$queryRaw<{ answered: number; unrecorded: number }[]>(
      metricSql(since, settled, this.config.coverage.minSeconds),
    );
    const ratio = answered === 0 ? 1 : (answered - unrecorded) / answered;
    return { answered, unrecorded, ratio, alert: ratio < this.config.coverage.alertBelow ? 1 : 0 };
  }
}
