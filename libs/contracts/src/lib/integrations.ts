import { ApiKeyRole } from './enums';

// Design 9.10: data lists, contacts and their CSV imports; API keys; outbound webhooks.

export interface DataListDto {
  id: string;
  name: string;
  description: string | null;
  externalId: string | null;
  contactCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreateDataListRequest {
  name: string;
  description?: string;
  externalId?: string;
}

export type UpdateDataListRequest = Partial<CreateDataListRequest>;

export interface ContactDto {
  id: string;
  /** E.164. */
  phone: string;
  name: string;
  externalId: string | null;
  dataList: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateContactRequest {
  /** Any common format; stored as E.164 (DEFAULT_PHONE_REGION for national numbers). */
  phone: string;
  name?: string;
  dataListId?: string;
  externalId?: string;
}

export type UpdateContactRequest = Partial<CreateContactRequest>;

export interface ContactSearchQuery {
  dataListId?: string;
  /** Digits the phone number contains. */
  phone?: string;
  page?: number;
  pageSize?: number;
}

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportLineError {
  /** Line of the file, the header being line 1. */
  line: number;
  message: string;
}

export interface ContactImportDto {
  id: string;
  dataListId: string;
  status: ImportStatus;
  /** Data lines read so far (the header not counted). */
  total: number;
  imported: number;
  updated: number;
  rejected: number;
  /** The first rejected lines (at most IMPORT_MAX_ERRORS); `rejected` counts them all. */
  errors: ImportLineError[];
  /** Why the whole import failed, when status is failed. */
  failure: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportAccepted {
  importId: string;
}

export interface ApiKeyDto {
  id: string;
  name: string;
  role: ApiKeyRole;
  /** The key's first characters, to tell keys apart; never the key. */
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreateApiKeyRequest {
  name: string;
  role: ApiKeyRole;
}

/** The only answer that ever holds the key. */
export interface CreatedApiKey {
  id: string;
  key: string;
}

export const OUTBOUND_EVENT_TYPES = ['call.completed', 'recording.stored', 'recording.failed', 'recording.deleted'] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

export interface WebhookEndpointDto {
  id: string;
  url: string;
  description: string | null;
  events: OutboundEventType[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CreateWebhookEndpointRequest {
  url: string;
  events: OutboundEventType[];
  description?: string;
}

export interface UpdateWebhookEndpointRequest {
  url?: string;
  events?: OutboundEventType[];
  description?: string;
  active?: boolean;
}

/** The only answer that holds the signing secret. */
export interface CreatedWebhookEndpoint {
  id: string;
  secret: string;
}

export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export interface WebhookDeliveryAttemptDto {
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseBody: string | null;
}

export interface WebhookDeliveryDto {
  id: string;
  /** The webhook-id header: the same on every attempt. */
  messageId: string;
  eventType: OutboundEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  payload: Record<string, unknown>;
  attemptLog: WebhookDeliveryAttemptDto[];
}
