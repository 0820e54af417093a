import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { MetricsScrape } from '../../common/decorators/access.decorator';
import { PipelineStatsService } from '../pipeline/pipeline-stats.service';

/** Prometheus metrics: pipeline counts (read at scrape time) and process defaults. */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  private readonly registry = new Registry();

  public constructor(stats: PipelineStatsService) {
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
  }

  @Get()
  @MetricsScrape()
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics (pipeline counts, queue depth, process): METRICS_TOKEN as a bearer token, or an ADMIN' })
  public async metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
