import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../config/app-config';

/**
 * Registers cron schedules whose ticks only enqueue a job. Every worker replica ticks, but
 * each tick's job id is derived from the scheduled minute, so Bull keeps exactly one job per
 * tick across the cluster.
 */
@Injectable()
export class ClusterCronService {
  private readonly logger = new Logger(ClusterCronService.name);

  public constructor(
    private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
  ) {}

  public schedule(name: string, expression: string, enqueue: (tickId: string) => Promise<void>): void {
    if (!this.config.cronEnabled || !this.config.runsWorker) {
      this.logger.log(`Schedule "${name}" is off in this process (CRON_ENABLED=false or APP_ROLE=api)`);
      return;
    }
    const job = CronJob.from({
      cronTime: expression,
      onTick: () => {
        const tick = new Date();
        tick.setUTCSeconds(0, 0);
        enqueue(`${name}:${tick.toISOString()}`).catch((error: Error) =>
          this.logger.error(`Could not enqueue the "${name}" tick: ${error.message}`, error.stack),
        );
      },
      start: true,
      utcOffset: 0,
    });
    this.registry.addCronJob(name, job);
    this.logger.log(`Scheduled "${name}" at "${expression}" (UTC)`);
  }
}
