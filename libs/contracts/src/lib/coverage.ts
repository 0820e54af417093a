/**
 * Coverage (design 9.7): of the calls our agents had, which were recorded, which were not and why.
 */
export const COVERAGE_GROUPS = ['day', 'agent', 'dataList'] as const;
export type CoverageGroup = (typeof COVERAGE_GROUPS)[number];

/** Query of `GET /api/coverage` and `GET /api/coverage/missing`; every field arrives as a query-string value. */
export interface CoverageQuery {
  /** ISO date-time, inclusive; default 30 days before `to`. */
  from?: string;
  /** ISO date-time, exclusive; default now. */
  to?: string;
  /** Default `day`. */
  groupBy?: CoverageGroup;
  /** IANA time zone the days are cut in; default UTC. */
  timeZone?: string;
  agentId?: string;
  dataListId?: string;
  manualDial?: boolean;
}

/**
 * One group's counts. `answered`: completed calls of at least COVERAGE_MIN_SECONDS;
 * `recorded`: those with a STORED recording, or one lawfully DELETED (retention, erasure, an
 * ADMIN): not a gap. The rest is `missing + failed + absent` (each call counted once, in the
 * first of absent, failed, missing that applies). `coverage = recorded / answered`, 1 when
 * nothing was answered.
 */
export interface CoverageRow {
  /** `YYYY-MM-DD`, an agent's id, a data list's id, or `manual` for Manual Dial (`unassigned`: an orphan with no agent). */
  key: string;
  label: string;
  answered: number;
  recorded: number;
  missing: number;
  failed: number;
  absent: number;
  coverage: number;
}

export interface CoverageReport {
  from: string;
  to: string;
  groupBy: CoverageGroup;
  minSeconds: number;
  /** COVERAGE_ALERT_BELOW: a total under it is an alert. */
  alertBelow: number;
  rows: CoverageRow[];
  total: Omit<CoverageRow, 'key' | 'label'>;
}

/**
 * Why an answered call has no stored recording:
 * - `NO_CALLBACK`: Twilio's recording callback never came and reconciliation has not found it (no recording row);
 * - `PENDING`: a recording is known and still being downloaded (PENDING or DOWNLOADING);
 * - `ABSENT`: Twilio reported the recording absent (its ErrorCode given);
 * - `FAILED`: every download attempt failed (its last error given).
 */
export const COVERAGE_REASONS = ['NO_CALLBACK', 'PENDING', 'ABSENT', 'FAILED'] as const;
export type CoverageReason = (typeof COVERAGE_REASONS)[number];

export interface CoverageMissingItem {
  callRecordId: string;
  twilioCallSid: string | null;
  placedAt: string;
  durationSeconds: number | null;
  toNumber: string;
  agent: { id: string; name: string } | null;
  dataListLabel: string;
  reason: CoverageReason;
  /** A sentence for people: "Twilio reported the recording absent (ErrorCode 13617)". */
  detail: string;
  recordingId: string | null;
  twilioRecordingSid: string | null;
  errorCode: number | null;
  lastError: string | null;
}

export interface CoverageMissingQuery extends Omit<CoverageQuery, 'groupBy'> {
  reason?: CoverageReason;
  /** With groupBy=day: a `YYYY-MM-DD` key of the report, to drill down into one day. */
  day?: string;
  page?: number;
  pageSize?: number;
}

export interface CoverageMissingPage {
  items: CoverageMissingItem[];
  total: number;
  page: number;
  pageSize: number;
}
