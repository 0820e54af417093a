import { Injectable, Logger } from '@nestjs/common';
import { OutboundEventType } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { errorMessage } from '../../common/errors/error-message';
import { WebhookDeliveryJobsService } from '../../services/queues/webhook-delivery-jobs.service';
import { callCompletedData, envelope, OutboundEnvelope, recordingData, RecordingEventType } from './outbound-payloads';
import { newMessageId } from './webhook-signer';

type Tx = Prisma.TransactionClient;

/** Deliveries written for an event, to dispatch once the transaction that wrote them commits. */
export interface PendingDeliveries {
  ids: string[];
}

export const NO_DELIVERIES: PendingDeliveries = { ids: [] };

/**
 * Emits outbound events (design 9.10) in two steps, so that none is lost between the change
 * of state and the queue: `record*` writes one PENDING WebhookDelivery per active endpoint
 * subscribed to the type, inside the caller's transaction (the event exists exactly when the
 * change does); `dispatch` then enqueues their first attempts. A dispatch lost to a crash or
 * to Redis is made good by the requeue of overdue deliveries (WebhookDeliveryService.requeueOverdue).
 */
@Injectable()
export class OutboundEventsService {
  private readonly logger = new Logger(OutboundEventsService.name);

  public constructor(private readonly jobs: WebhookDeliveryJobsService) {}

  public async recordCallCompleted(tx: Tx, callRecordId: string): Promise<PendingDeliveries> {
    const endpoints = await subscribers(tx, 'call.completed');
    if (endpoints.length === 0) return NO_DELIVERIES;
    const data = await callCompletedData(tx, callRecordId);
    if (!data) return NO_DELIVERIES;
    return insertDeliveries(tx, endpoints, [envelope('call.completed', data)]);
  }

  /** One event per recording of `ids` (a sweep's batch is one insert). */
  public async recordRecordings(tx: Tx, type: RecordingEventType, ids: readonly string[]): Promise<PendingDeliveries> {
    if (ids.length === 0) return NO_DELIVERIES;
    const endpoints = await subscribers(tx, type);
    if (endpoints.length === 0) return NO_DELIVERIES;
    const data = await recordingData(tx, type, ids);
    const at = new Date();
    return insertDeliveries(
      tx,
      endpoints,
      ids.flatMap((id) => {
        const facts = data.get(id);
        return facts ? [envelope(type, facts, at)] : [];
      }),
    );
  }

  /**
   * Enqueues the first attempt of each delivery. Never throws: the state change has committed,
   * and a delivery whose job was not added is picked up by the requeue of overdue deliveries.
   */
  public async dispatch(pending: PendingDeliveries): Promise<void> {
    for (const deliveryId of pending.ids) {
      await this.jobs.enqueue({ deliveryId, attempt: 0 }).catch((error: unknown) => {
        this.logger.warn(`Could not enqueue webhook delivery ${deliveryId} (the requeue will): ${errorMessage(error)}`);
      });
    }
  }
}

async function subscribers(tx: Tx, type: OutboundEventType): Promise<{ id: string }[]> {
  return tx.webhookEndpoint.findMany({ where: { active: true, deletedAt: null, events: { has: type } }, select: { id: true } });
}

async function insertDeliveries(tx: Tx, endpoints: { id: string }[], events: OutboundEnvelope[]): Promise<PendingDeliveries> {
  if (events.length === 0) return NO_DELIVERIES;
  const now = new Date();
  const rows = endpoints.flatMap((endpoint) =>
    events.map((event) => ({
      endpointId: endpoint.id,
      eventType: event.type,
      messageId: newMessageId(),
      payload: event as unknown as Prisma.InputJsonValue,
      // Due now: the requeue measures "overdue" from here should the first job never be added.
      nextAttemptAt: now,
    })),
  );
  const created = await tx.webhookDelivery.createManyAndReturn({ data: rows, select: { id: true } });
  return { ids: created.map((row) => row.id) };
}
