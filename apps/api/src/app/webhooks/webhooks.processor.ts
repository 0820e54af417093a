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
    // A callback about a call whose number was erased keeps only the pseudonym, like the call.
    await this.prisma.$executeRaw`
      UPDATE "WebhookEvent" w
      SET "processedAt" = now() AT TIME ZONE 'UTC',
          payload = COALESCE((
            SELECT replace(w.payload::text, to_jsonb(w.payload->>'To')::text, to_jsonb(c."toNumber")::text)::jsonb
            FROM "CallRecord" c
            WHERE c."twilioCallSid" = w.payload->>'CallSid' AND c."erasedAt" IS NOT NULL AND w.payload->>'To' <> c."toNumber"
          ), w.payload)
      WHERE w.id = ${event.id}::uuid`;
    this.logger.debug(`${job.name} ${event.idempotencyKey} applied`);
  }
}
