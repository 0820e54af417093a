import { CallRecordDto, CallRecordPage, IdName, RecordingMetadata, RecordingSummary } from '@callrec/contracts';

/** Realistic call-record payloads for specs; data only, no behaviour. */
export function recordingSummary(overrides: Partial<RecordingSummary> = {}): RecordingSummary {
  return {
    id: 'rec-1',
    twilioRecordingSid: 'RE814d09b225de3364f0f398aa54741a96',
    status: 'STORED',
    durationSeconds: 67,
    sizeBytes: 2_144_044,
    channels: 2,
    mimeType: 'audio/wav',
    storedAt: '2026-11-25T12:51:16.252Z',
    lastError: null,
    errorCode: null,
    ...overrides,
  };
}

export function callRecord(overrides: Partial<CallRecordDto> = {}): CallRecordDto {
  return {
    id: 'call-1',
    twilioCallSid: 'CA129c0bcafc5ce4ab0c41b8e8e8fad790',
    direction: 'outbound-api',
    fromNumber: '+15005550006',
    toNumber: '+14155550100',
    status: 'completed',
    outcome: 'SALE',
    placedAt: '2026-11-25T08:59:59.014Z',
    answeredAt: '2026-11-25T09:00:03.000Z',
    endedAt: '2026-11-25T09:01:10.000Z',
    durationSeconds: 67,
    agent: { id: 'agent-1', name: 'Avery Agent' },
    contact: { id: 'contact-1', name: 'Olivia Nguyen', phone: '+14155550100' },
    dataList: { id: 'list-1', name: 'Spring Renewals' },
    dataListLabel: 'Spring Renewals',
    recordings: [recordingSummary()],
    orphan: false,
    ...overrides,
  };
}

export function callPage(items: CallRecordDto[], overrides: Partial<CallRecordPage> = {}): CallRecordPage {
  return { items, total: items.length, totalExact: true, page: 1, pageSize: 25, nextCursor: null, ...overrides };
}

export function recordingMetadata(overrides: Partial<RecordingMetadata> = {}): RecordingMetadata {
  const call = callRecord();
  return {
    id: 'rec-1',
    twilioRecordingSid: 'RE814d09b225de3364f0f398aa54741a96',
    status: 'STORED',
    durationSeconds: 67,
    sizeBytes: 2_144_044,
    mimeType: 'audio/wav',
    channels: 2,
    sha256: '35af60a3ef441018ca464a6e5a38fc8f42ab7af1048427a53a7150c1e77730f3',
    storedAt: '2026-11-25T12:51:16.252Z',
    source: 'OutboundAPI',
    startedAt: '2026-11-25T09:00:03.000Z',
    attempts: 1,
    lastError: null,
    errorCode: null,
    deletedAtSource: null,
    deletedAt: null,
    deletedBy: null,
    deletionReason: null,
    keyShreddedAt: null,
    storage: { backend: 'S3', lockedUntil: '2033-11-25T09:00:00.000Z', legalHold: false, encrypted: true, kekId: 'k1' },
    call: {
      id: call.id,
      twilioCallSid: call.twilioCallSid,
      placedAt: call.placedAt,
      durationSeconds: call.durationSeconds,
      status: call.status,
      outcome: call.outcome,
      toNumber: call.toNumber,
      fromNumber: call.fromNumber,
      agent: call.agent,
      contact: call.contact,
      dataList: call.dataList,
      dataListLabel: call.dataListLabel,
    },
    ...overrides,
  };
}

export const AGENTS: IdName[] = [
  { id: 'agent-1', name: 'Avery Agent' },
  { id: 'agent-2', name: 'Jordan Reyes' },
];

export const DATA_LISTS: IdName[] = [
  { id: 'list-1', name: 'Spring Renewals' },
  { id: 'list-2', name: 'Webinar Leads' },
];
