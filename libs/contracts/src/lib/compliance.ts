import { AuditAction, CallOutcome } from './enums';

export interface RetentionPolicyScope {
  dataListId?: string;
  manualDial?: true;
  outcome?: CallOutcome;
  agentId?: string;
}

export interface RetentionPolicyRequest {
  name: string;
  /** Integer ≥ 0; 0 expires at the next sweep. */
  retainDays: number;
  enabled?: boolean;
  scope: RetentionPolicyScope;
}

export interface RetentionPolicyDto extends Required<Omit<RetentionPolicyRequest, 'scope'>> {
  id: string;
  scope: RetentionPolicyScope;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RetentionPreview {
  total: number;
  bytes: number;
  byPolicy: {
    policyId: string;
    name: string;
    count: number;
    bytes: number;
    oldestPlacedAt: string | null;
    newestPlacedAt: string | null;
  }[];
  spared: { held: number; byHold: { holdId: string; name: string; count: number }[] };
}

export interface RetentionRunDto {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  dryRun: boolean;
  matched: number;
  deleted: number;
  skippedHeld: number;
  bytesFreed: number;
  error: string | null;
  trigger: string;
}

export interface LegalHoldCriteria {
  phone?: string;
  agentId?: string;
  dataListId?: string;
  from?: string;
  to?: string;
  recordingIds?: string[];
}

export interface LegalHoldRequest {
  name: string;
  reason: string;
  criteria: LegalHoldCriteria;
}

export interface LegalHoldDto extends LegalHoldRequest {
  id: string;
  createdBy: string | null;
  createdAt: string;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
  coveredRecordings: number;
}

export interface ReleaseHoldRequest {
  reason: string;
}

export interface ErasureRequest {
  phone: string;
  reason: string;
}

export interface ErasureReceipt {
  phone: string;
  requestedAt: string;
  deleted: { recordingId: string; twilioRecordingSid: string; sha256: string | null }[];
  kept: { recordingId: string; twilioRecordingSid: string; reason: string }[];
}

export interface AuditEventDto {
  id: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: AuditAction;
  recordingId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId?: string;
}
