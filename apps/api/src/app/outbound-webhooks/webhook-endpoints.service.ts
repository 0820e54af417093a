import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  CreatedWebhookEndpoint,
  DEFAULT_PAGE_SIZE,
  OutboundEventType,
  Page,
  WebhookDeliveryDto,
  WebhookDeliveryStatus,
  WebhookEndpointDto,
} from '@callrec/contracts';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookEndpoint } from '../../generated/prisma/client';
import { errorMessage } from '../../common/errors/error-message';
import { RequestContext } from '../../common/request-context';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { WebhookDeliveryJobsService } from '../../services/queues/webhook-delivery-jobs.service';
import { AuditWriter } from '../audit/audit.writer';
import { CreateWebhookEndpointDto, DeliveryPageQueryDto, UpdateWebhookEndpointDto } from './dto/webhook-endpoint.dto';
import { checkDestination, parseWebhookUrl, WebhookDestinationError } from './webhook-destination';
import { newWebhookSecret } from './webhook-signer';

/**
 * Receivers of outbound webhooks (design 9.10): ADMINs add, change and remove them, read their
 * delivery log and send a delivery again. Every change is audited, never with the secret,
 * which only the create answer ever shows.
 */
@Injectable()
export class WebhookEndpointsService {
  private readonly logger = new Logger(WebhookEndpointsService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly jobs: WebhookDeliveryJobsService,
    private readonly prisma: PrismaService,
  ) {}

  public async list(): Promise<WebhookEndpointDto[]> {
    const rows = await this.prisma.webhookEndpoint.findMany({ where: { deletedAt: null }, orderBy: { createdAt: 'asc' } });
    return rows.map(toEndpointDto);
  }

  public async create(dto: CreateWebhookEndpointDto, context: RequestContext): Promise<CreatedWebhookEndpoint> {
    const url = await this.checkedUrl(dto.url);
    const secret = newWebhookSecret();
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.webhookEndpoint.create({
        data: { url, events: unique(dto.events), description: blankToNull(dto.description), secret, createdById: context.user?.id ?? null },
      });
      await this.audit.record({ action: 'WEBHOOK_ENDPOINT_CREATED', context, details: { endpointId: row.id, after: snapshot(row) } }, tx);
      return { id: row.id, secret };
    });
  }

  public async update(id: string, dto: UpdateWebhookEndpointDto, context: RequestContext): Promise<WebhookEndpointDto> {
    const before = await this.live(id);
    const url = dto.url !== undefined ? await this.checkedUrl(dto.url) : undefined;
    const updated = await this.prisma.$transaction(async (tx) => {
      const row = await tx.webhookEndpoint.update({
        where: { id },
        data: {
          url,
          events: dto.events ? unique(dto.events) : undefined,
          description: dto.description !== undefined ? blankToNull(dto.description) : undefined,
          active: dto.active,
        },
      });
      await this.audit.record(
        { action: 'WEBHOOK_ENDPOINT_UPDATED', context, details: { endpointId: id, before: snapshot(before), after: snapshot(row) } },
        tx,
      );
      return row;
    });
    return toEndpointDto(updated);
  }

  /**
   * Soft: the row stays for the deliveries that name it. Its pending deliveries end FAILED at
   * once, each with an attempt saying why, so nothing is sent to it any more.
   */
  public async remove(id: string, context: RequestContext): Promise<void> {
    const before = await this.live(id);
    await this.prisma.$transaction(async (tx) => {
      const deleted = await tx.webhookEndpoint.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date() } });
      if (deleted.count === 0) throw new NotFoundException(`Webhook endpoint ${id} not found`);
      const abandoned = await tx.$executeRaw`
        WITH failed AS (
          UPDATE "WebhookDelivery" SET status = 'FAILED', "nextAttemptAt" = NULL
          WHERE "endpointId" = ${id}::uuid AND status = 'PENDING'
          RETURNING id
        )
        INSERT INTO "WebhookDeliveryAttempt" (id, "deliveryId", at, "durationMs", error)
        SELECT gen_random_uuid(), id, now(), 0, 'Not sent: the endpoint was deleted' FROM failed`;
      await this.audit.record(
        {
          action: 'WEBHOOK_ENDPOINT_DELETED',
          context,
          details: { endpointId: id, before: snapshot(before), pendingDeliveriesFailed: abandoned },
        },
        tx,
      );
    });
  }

  public async deliveries(endpointId: string, query: DeliveryPageQueryDto): Promise<Page<WebhookDeliveryDto>> {
    await this.live(endpointId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const [total, rows] = await this.prisma.$transaction([
      this.prisma.webhookDelivery.count({ where: { endpointId } }),
      this.prisma.webhookDelivery.findMany({
        where: { endpointId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
        include: { attemptLog: { orderBy: { at: 'asc' } } },
      }),
    ]);
    return { items: rows.map(toDeliveryDto), total, page, pageSize };
  }

  /**
   * Sends a delivery again now, whatever its state (a receiver may have lost a delivered one):
   * PENDING again, and its next attempt runs at once. The message id stays, so a receiver
   * that already has it can drop the repeat.
   */
  public async retry(endpointId: string, deliveryId: string, context: RequestContext): Promise<void> {
    const endpoint = await this.live(endpointId);
    if (!endpoint.active) {
      throw new ConflictException(`Webhook endpoint ${endpointId} is inactive; activate it before sending deliveries to it again`);
    }
    const delivery = await this.prisma.$transaction(async (tx) => {
      const found = await tx.webhookDelivery.findFirst({
        where: { id: deliveryId, endpointId },
        select: {
          status: true,
          attempts: true,
          nextAttemptAt: true,
          messageId: true,
          eventType: true,
          _count: { select: { attemptLog: true } },
        },
      });
      if (!found) throw new NotFoundException(`Delivery ${deliveryId} of webhook endpoint ${endpointId} not found`);
      // Claimed (attempts counted) but not logged yet, within its lease: a second send now would overlap it.
      const inFlight =
        found.status === 'PENDING' && found._count.attemptLog < found.attempts && (found.nextAttemptAt?.getTime() ?? 0) > Date.now();
      const reset = inFlight
        ? { count: 0 }
        : await tx.webhookDelivery.updateMany({
            where: { id: deliveryId, attempts: found.attempts },
            data: { status: 'PENDING', nextAttemptAt: new Date(), deliveredAt: null },
          });
      if (reset.count === 0) {
        throw new ConflictException(`Delivery ${found.messageId} is being sent right now; look at its attempts again in a moment`);
      }
      const row = { attempts: found.attempts, messageId: found.messageId, eventType: found.eventType };
      await this.audit.record(
        {
          action: 'WEBHOOK_DELIVERY_RETRIED',
          context,
          details: {
            endpointId,
            deliveryId,
            messageId: row.messageId,
            eventType: row.eventType,
            previousStatus: found.status,
            attempts: row.attempts,
          },
        },
        tx,
      );
      return row;
    });
    await this.jobs.runNow({ deliveryId, attempt: delivery.attempts }).catch((error: unknown) => {
      // The row is PENDING and due now: the requeue of overdue deliveries sends it.
      this.logger.warn(`Could not enqueue the retry of delivery ${deliveryId} (the requeue will): ${errorMessage(error)}`);
    });
  }

  private async live(id: string): Promise<WebhookEndpoint> {
    const row = await this.prisma.webhookEndpoint.findFirst({ where: { id, deletedAt: null } });
    if (!row) throw new NotFoundException(`Webhook endpoint ${id} not found`);
    return row;
  }

  /** The URL, normalised, once it is http(s) and (unless WEBHOOK_ALLOW_PRIVATE) reaches only public addresses. */
  private async checkedUrl(raw: string): Promise<string> {
    try {
      const url = parseWebhookUrl(raw);
      await checkDestination(url, this.config.webhookAllowPrivate);
      return url.toString();
    } catch (error) {
      if (error instanceof WebhookDestinationError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}

function unique(events: OutboundEventType[]): OutboundEventType[] {
  return [...new Set(events)];
}

function blankToNull(text: string | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

/** What the audit keeps of an endpoint: everything but the secret. */
function snapshot(row: WebhookEndpoint): Record<string, unknown> {
  return { url: row.url, events: row.events, description: row.description, active: row.active };
}

function toEndpointDto(row: WebhookEndpoint): WebhookEndpointDto {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events as OutboundEventType[],
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toDeliveryDto(row: WebhookDelivery & { attemptLog: WebhookDeliveryAttempt[] }): WebhookDeliveryDto {
  return {
    id: row.id,
    messageId: row.messageId,
    eventType: row.eventType as OutboundEventType,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    payload: row.payload as Record<string, unknown>,
    attemptLog: row.attemptLog.map((a) => ({
      at: a.at.toISOString(),
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
      responseBody: a.responseBody,
    })),
  };
}
