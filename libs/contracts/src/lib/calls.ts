import { CallOutcome, CallStatus, RecordingStatus } from './enums';

export interface PlaceCallRequest {
  /** E.164 number to dial. */
  to: string;
  /** ADMIN and SUPERVISOR may place a call on behalf of an agent. */
  agentId?: string;
  contactId?: string;
  /** Absent means a Manual Dial. */
  dataListId?: string;
  /** A dialer's own list, upserted by external id (design 9.10); not together with `dataListId`. */
  dataList?: InlineDataList;
  /** A dialer's own contact, upserted by external id (else phone) in the list; not with `contactId`. */
  contact?: InlineContact;
}

export interface InlineDataList {
  externalId: string;
  /** Required the first time the list is seen; renames it when given later. */
  name?: string;
}

export interface InlineContact {
  phone?: string;
  externalId?: string;
  name?: string;
}

export interface SetOutcomeRequest {
  outcome: CallOutcome;
  /** Why it changed; required of the ADMIN who changes it after the lock window. */
  reason?: string;
}

/** One entry of a call's outcome history (`CALL_OUTCOME_CHANGED`). */
export interface CallOutcomeChangeDto {
  at: string;
  from: CallOutcome | null;
  to: CallOutcome;
  changedBy: string | null;
  reason: string | null;
}

export interface RecordingSummary {
  id: string;
  twilioRecordingSid: string;
  status: RecordingStatus;
  durationSeconds: number | null;
  sizeBytes: number | null;
  channels: number | null;
  mimeType: string | null;
  storedAt: string | null;
  lastError: string | null;
  errorCode: number | null;
}

export interface CallRecordDto {
  id: string;
  twilioCallSid: string | null;
  direction: string;
  fromNumber: string;
  toNumber: string;
  status: CallStatus;
  outcome: CallOutcome | null;
  placedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  /** null only for an orphan no ADMIN has attached to an agent yet (design 9.7). */
  agent: { id: string; name: string } | null;
  /** Adopted by reconciliation: Twilio recorded it and no call placed through us owned it. */
  orphan: boolean;
  contact: { id: string; name: string; phone: string } | null;
  /** null means Manual Dial. */
  dataList: { id: string; name: string } | null;
  /** "Manual Dial" or the data list's name, as the grid shows it. */
  dataListLabel: string;
  recordings: RecordingSummary[];
}

export const CALL_RECORD_SORTS = ['placedAt', 'durationSeconds', 'agent', 'outcome'] as const;
export type CallRecordSortField = (typeof CALL_RECORD_SORTS)[number];
/** A sort field, ascending, or `-` prefixed for descending. */
export type CallRecordSort = CallRecordSortField | `-${CallRecordSortField}`;
export const DEFAULT_CALL_RECORD_SORT: CallRecordSort = '-placedAt';

/** Query of `GET /api/call-records`; every field arrives as a query-string value. */
export interface CallRecordQuery {
  from?: string;
  to?: string;
  agentId?: string;
  dataListId?: string;
  manualDial?: boolean;
  outcome?: CallOutcome;
  phone?: string;
  status?: CallStatus;
  hasRecording?: boolean;
  minDuration?: number;
  maxDuration?: number;
  /** true: only orphans (design 9.7); false: only calls placed through us. */
  orphan?: boolean;
  /** A sort field, `-` prefixed for descending; default `-placedAt`. */
  sort?: string;
  /** Numbered pages (OFFSET); with `after`, only echoed back as the page's number. */
  page?: number;
  pageSize?: number;
  /** A `nextCursor` of this sort: the page starts right after the call it names (keyset, no OFFSET). */
  after?: string;
}

/** Up to this many matches the total is counted exactly; beyond, it is the database's estimate. */
export const EXACT_TOTAL_LIMIT = 10_000;

/** The answer of `GET /api/call-records`. */
export interface CallRecordPage {
  items: CallRecordDto[];
  /** Exact up to EXACT_TOTAL_LIMIT; beyond, an estimate above it, and totalExact is false. */
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
  /** Pass as `after` (same filters and sort) for the page that follows; null on the last page. */
  nextCursor: string | null;
}

/**
 * `PATCH /api/call-records/:id` (ADMIN, audited as CALL_RECORD_ATTACHED): attach an orphan, or
 * any call, to an agent and a data list. `dataListId: null` makes it a Manual Dial.
 */
export interface AttachCallRecordRequest {
  agentId?: string;
  dataListId?: string | null;
  /** Why: kept in the audit trail. */
  reason: string;
}
