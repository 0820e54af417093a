import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { processJobs } from '../../services/queues/process-jobs';
import { ApplyWebhookJob, JOB, QUEUE } from '../../services/queues/queues.constants';
import { CallStatusApplier } from './call-status.applier';
import { RecordingStatusApplier } from './recording-status.applier';
import { TwilioParams } from './twilio-params';
import { WebhookDeadLettersService } from './webhook-dead-letters.service';
import { errorMessage } from '../../common/errors/error-message';

/** Runs the webhooks queue's jobs: stored Twilio callbacks, WEBHOOK_CONCURRENCY at once of each kind. */
@Injectable()
export class WebhooksProcessor implements OnModuleInit {
  private readonly logger = new Logger(WebhooksProcessor.name);

  public constructor(
    private readonly callStatus: CallStatusApplier,
    private readonly config: AppConfig,
    private readonly deadLetters: WebhookDeadLettersService,
    private readonly prisma: PrismaService,
    @InjectQueue(QUEUE.webhooks) private readonly queue: Queue,
    private readonly recordingStatus: RecordingStatusApplier,
  ) {}

  public onModuleInit(): void {
    const concurrency = this.config.webhookConcurrency;
    processJobs(this.queue, [
      { name: JOB.applyCallStatus, concurrency, handle: (job: Job<ApplyWebhookJob>) => this.applyCallStatus(job) },
      { name: JOB.applyRecordingStatus, concurrency, handle: (job: Job<ApplyWebhookJob>) => this.applyRecordingStatus(job) },
    ]);
  }

  public async applyCallStatus(job: Job<ApplyWebhookJob>): Promise<void> {
    await this.run(job, (params, receivedAt, callRecordId) => this.callStatus.apply(params, receivedAt, callRecordId));
  }

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
    // A parked event waits for an ADMIN's retry, which unparks it before queueing it again.
    if (event.processedAt || event.parkedAt) return;
    try {
      await apply(event.payload as TwilioParams, event.receivedAt, event.callRecordId);
    } catch (error) {
      const failure = await this.deadLetters.recordFailure(event.id, error).catch((countError: Error) => {
        // The database is away too: Bull's own retries (and reconciliation) still apply.
        this.logger.warn(`Could not count the failed attempt of ${event.idempotencyKey}: ${countError.message}`);
        return null;
      });
      if (failure?.parked) {
        // Ending the job normally is what stops Bull's retries; the row says why it stopped.
        this.logger.error(`${job.name} ${event.idempotencyKey} parked after ${failure.attempts} failed attempts: ${errorMessage(error)}`);
        return;
      }
      this.logger.warn(
        `${job.name} ${event.idempotencyKey} attempt ${failure?.attempts ?? job.attemptsMade + 1} failed: ${errorMessage(error)}`,
      );
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
