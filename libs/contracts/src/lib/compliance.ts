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
  spared: {
    held: number;
    byHold: { holdId: string; name: string; count: number }[];
    /**
     * Expired, not held, but still locked in the bucket by Object Lock (a policy was shortened
     * after their lock was set, or a lock the store reported): deleted once the lock allows.
     * Absent from servers without Object Lock support.
     */
    locked?: { count: number; until: string | null };
  };
}

export interface RetentionRunDto {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  dryRun: boolean;
  matched: number;
  deleted: number;
  skippedHeld: number;
  /** Expired but still locked in the bucket by Object Lock: left for a sweep after the lock ends. */
  skippedLocked?: number;
  bytesFreed: number;
  /** Recordings whose audio could not be removed; they stay DELETING and later sweeps retry them. */
  failed: number;
  failedIds: string[];
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
  /** The keyed hash that replaced the number in calls, contacts and stored callbacks. */
  pseudonym: string;
  requestedAt: string;
  /** Stored recordings whose audio was deleted. */
  deleted: { recordingId: string; twilioRecordingSid: string; sha256: string | null }[];
  /** Recordings still pending or downloading: marked erased, so they are never stored. */
  erasedBeforeStored: { recordingId: string; twilioRecordingSid: string; status: string }[];
  /**
   * Twilio's copy of each erased recording: deleted, already gone, deleted once Twilio has
   * finished recording it, or why not (retried by reconciliation).
   */
  atTwilio: { twilioRecordingSid: string; result: 'deleted' | 'already-gone' | 'when-completed' | 'failed'; error?: string }[];
  kept: { recordingId: string; twilioRecordingSid: string; reason: string }[];
  /** Rows whose copy of the number was replaced by the pseudonym. */
  pseudonymised: { calls: number; contacts: number; webhookEvents: number };
}

export interface AuditEventDto {
  id: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  /** Set when a machine acted with an API key (design 9.10). */
  apiKeyId: string | null;
  apiKeyName: string | null;
  action: AuditAction;
  recordingId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** A signed statement of the audit chain's head (design 9.1). */
export interface AuditCheckpointDto {
  seq: number;
  hash: string;
  at: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId?: string;
  /** The newest checkpoint found in the recording store (the copy verify trusts), if any. */
  checkpoint: AuditCheckpointDto | null;
  /** What is wrong, in words, when ok is false. */
  problem?: string;
}
