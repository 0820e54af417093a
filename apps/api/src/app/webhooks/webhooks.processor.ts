import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { PrismaService } from '../../services/prisma/prisma.service';
import { ApplyWebhookJob, JOB, QUEUE } from '../../services/queues/queues.constants';
import { CallStatusApplier } from './call-status.applier';
import { RecordingStatusApplier } from './recording-status.applier';
import { TwilioParams } from './twilio-params';

@Processor(QUEUE.webhooks)
export class WebhooksProcessor {
  private readonly logger = new Logger(WebhooksProcessor.name);

  public constructor(
    private readonly callStatus: CallStatusApplier,
    private readonly prisma: PrismaService,
    private readonly recordingStatus: RecordingStatusApplier,
  ) {}

  @Process({ name: JOB.applyCallStatus, concurrency: 4 })
  public async applyCallStatus(job: Job<ApplyWebhookJob>): Promise<void> {
    await this.run(job, (params, receivedAt, callRecordId) => this.callStatus.apply(params, receivedAt, callRecordId));
  }

  @Process({ name: JOB.applyRecordingStatus, concurrency: 4 })
  public async applyRecordingStatus(job: Job<ApplyWebhookJob>): Promise<void> {
    await this.run(job, (params, _receivedAt, callRecordId) => this.recordingStatus.apply(params, callRecordId));
  }

  private async run(
    job: Job<ApplyWebhookJob>,
    apply: (params: TwilioParams, receivedAt: Date, callRecordId: string | null) => Promise<void>,
  ): Promise<void> {
    const event = await this.prisma.webhookEvent.findUnique({ where: { id: job.data.webhookEventId } });
    if (!event) {
      this.logger.warn(`Webhook event ${job.data.webhookEventId} no longer exists; nothing to apply`);
      return;
    }
    if (event.processedAt) return;
    try {
      await apply(event.payload as TwilioParams, event.receivedAt, event.callRecordId);
    } catch (error) {
      this.logger.warn(`${job.name} ${event.idempotencyKey} attempt ${job.attemptsMade + 1} failed: ${(error as Error).message}`);
      throw error;
    }
    await this.prisma.webhookEvent.update({ where: { id: event.id }, data: { processedAt: new Date() } });
    this.logger.debug(`${job.name} ${event.idempotencyKey} applied`);
  }
}
