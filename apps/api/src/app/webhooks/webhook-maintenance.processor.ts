import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { JOB, PRUNE_WEBHOOK_EVENTS_JOB_OPTIONS, QUEUE } from '../../services/queues/queues.constants';
import { ClusterCronService } from '../../services/schedule/cluster-cron.service';
import { WebhookEventPruner } from './webhook-event-pruner.service';

/** Daily, at a quiet hour and away from the retention sweep (02:00 UTC). */
const PRUNE_CRON = '30 3 * * *';

/** Schedules the daily pruning of processed webhook events (the tick only enqueues) and runs it. */
@Processor(QUEUE.maintenance)
export class WebhookMaintenanceProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookMaintenanceProcessor.name);

  public constructor(
    private readonly cron: ClusterCronService,
    private readonly pruner: WebhookEventPruner,
    @InjectQueue(QUEUE.maintenance) private readonly queue: Queue,
  ) {}

  public onApplicationBootstrap(): void {
    this.cron.schedule('prune-webhook-events', PRUNE_CRON, async (tickId) => {
      await this.queue.add(JOB.pruneWebhookEvents, {}, { ...PRUNE_WEBHOOK_EVENTS_JOB_OPTIONS, jobId: tickId });
    });
  }

  @Process({ name: JOB.pruneWebhookEvents, concurrency: 1 })
  public async prune(): Promise<{ deleted: number }> {
    const started = performance.now();
    const deleted = await this.pruner.prune();
    this.logger.log(`Pruning webhook events took ${((performance.now() - started) / 1000).toFixed(2)}s (${deleted} deleted)`);
    return { deleted };
  }
}
