import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { MetricsScrape } from '../../common/decorators/access.decorator';
import { CoverageStats, CoverageStatsService } from '../coverage/coverage-stats.service';
import { PipelineStatsService } from '../pipeline/pipeline-stats.service';

/** Prometheus metrics: pipeline counts and the last week's coverage (read at scrape time) and process defaults. */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  private readonly registry = new Registry();

  public constructor(stats: PipelineStatsService, coverage: CoverageStatsService) {
    collectDefaultMetrics({ register: this.registry, prefix: 'callrec_' });
    let latest: ReturnType<PipelineStatsService['stats']> | null = null;
    // One stats query per scrape, shared by both gauges.
    const read = () => (latest ??= stats.stats().finally(() => setTimeout(() => (latest = null), 1000)));
    new Gauge({
      name: 'callrec_recordings',
      help: 'Recordings by pipeline status',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const { recordings } = await read();
        for (const [status, count] of Object.entries(recordings)) this.set({ status }, count);
      },
    });
    new Gauge({
      name: 'callrec_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        const { queues } = await read();
        for (const [queue, depth] of Object.entries(queues)) {
          for (const [state, count] of Object.entries(depth)) this.set({ queue, state }, count);
        }
      },
    });
    // One coverage query per scrape, shared by the four coverage gauges.
    let week: ReturnType<CoverageStatsService['lastWeek']> | null = null;
    const readCoverage = () => (week ??= coverage.lastWeek().finally(() => setTimeout(() => (week = null), 1000)));
    const coverageGauge = (name: string, help: string, pick: (s: CoverageStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          this.set(pick(await readCoverage()));
        },
      });
    coverageGauge(
      'callrec_coverage_ratio',
      'Recorded / answered calls of the last 7 days, leaving out calls that ended in the last 15 minutes (1 with none answered)',
      (s) => s.ratio,
    );
    coverageGauge(
      'callrec_coverage_answered',
      'Answered calls (completed, at least COVERAGE_MIN_SECONDS) counted in callrec_coverage_ratio',
      (s) => s.answered,
    );
    coverageGauge('callrec_coverage_unrecorded', 'Of those, calls with no stored or lawfully deleted recording', (s) => s.unrecorded);
    coverageGauge('callrec_coverage_alert', '1 when callrec_coverage_ratio is under COVERAGE_ALERT_BELOW', (s) => s.alert);
  }

  @Get()
  @MetricsScrape()
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Prometheus metrics (pipeline counts, queue depth, coverage, process): METRICS_TOKEN as a bearer token, or an ADMIN',
  })
  public async metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
