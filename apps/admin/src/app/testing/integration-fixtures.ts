import { ApiKeyDto, ContactDto, ContactImportDto, DataListDto, Page, WebhookDeliveryDto, WebhookEndpointDto } from '@callrec/contracts';

/** Realistic data list, contact, import, API key and webhook payloads for specs; data only, no behaviour. */
export function dataListDto(overrides: Partial<DataListDto> = {}): DataListDto {
  return {
    id: 'list-1',
    name: 'Spring Renewals',
    description: 'Customers whose policy renews in March',
    externalId: 'five9-4471',
    contactCount: 1250,
    createdAt: '2026-11-02T09:00:00.000Z',
    updatedAt: '2026-11-20T16:45:00.000Z',
    ...overrides,
  };
}

export function contactDto(overrides: Partial<ContactDto> = {}): ContactDto {
  return {
    id: 'contact-1',
    phone: '+14155550101',
    name: 'Dana Whitfield',
    externalId: 'crm-88',
    dataList: { id: 'list-1', name: 'Spring Renewals' },
    createdAt: '2026-11-02T09:05:00.000Z',
    updatedAt: '2026-11-02T09:05:00.000Z',
    ...overrides,
  };
}

export function contactImport(overrides: Partial<ContactImportDto> = {}): ContactImportDto {
  return {
    id: 'imp-1',
    dataListId: 'list-1',
    status: 'completed',
    total: 3,
    imported: 2,
    updated: 0,
    rejected: 1,
    errors: [{ line: 3, message: "'12' is not a phone number" }],
    failure: null,
    createdAt: '2026-11-25T10:00:00.000Z',
    startedAt: '2026-11-25T10:00:01.000Z',
    finishedAt: '2026-11-25T10:00:02.000Z',
    ...overrides,
  };
}

export function apiKeyDto(overrides: Partial<ApiKeyDto> = {}): ApiKeyDto {
  return {
    id: 'key-1',
    name: 'Five9 dialer',
    role: 'DIALER',
    prefix: 'crk_7Hq2',
    createdAt: '2026-11-20T09:00:00.000Z',
    createdBy: 'Admin Person',
    lastUsedAt: '2026-11-25T10:12:00.000Z',
    revokedAt: null,
    ...overrides,
  };
}

export function webhookEndpoint(overrides: Partial<WebhookEndpointDto> = {}): WebhookEndpointDto {
  return {
    id: 'wh-1',
    url: 'https://crm.example.com/hooks/calls',
    description: 'Salesforce',
    events: ['call.completed', 'recording.stored'],
    active: true,
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
  };
}

export function webhookDelivery(overrides: Partial<WebhookDeliveryDto> = {}): WebhookDeliveryDto {
  return {
    id: 'del-1',
    messageId: 'msg_2b7f0c',
    eventType: 'recording.stored',
    status: 'FAILED',
    attempts: 2,
    createdAt: '2026-11-25T10:00:00.000Z',
    lastAttemptAt: '2026-11-25T10:00:05.000Z',
    nextAttemptAt: null,
    deliveredAt: null,
    payload: { type: 'recording.stored' },
    attemptLog: [
      { at: '2026-11-25T10:00:00.000Z', statusCode: null, error: 'connect ECONNREFUSED 10.0.0.5:443', durationMs: 12, responseBody: null },
      {
        at: '2026-11-25T10:00:05.000Z',
        statusCode: 500,
        error: null,
        durationMs: 87,
        responseBody: '<html><body>Internal error</body></html>',
      },
    ],
    ...overrides,
  };
}

export function pageOf<T>(items: T[], total = items.length, page = 1, pageSize = 25): Page<T> {
  return { items, total, page, pageSize };
}
