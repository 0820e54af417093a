import { AuditEventDto, LegalHoldDto, RetentionPolicyDto, RetentionPreview, RetentionRunDto } from '@callrec/contracts';

/** Realistic retention, hold and audit payloads for specs; data only, no behaviour. */
export function retentionPolicy(overrides: Partial<RetentionPolicyDto> = {}): RetentionPolicyDto {
  return {
    id: 'pol-1',
    name: 'Manual Dial: 7 days',
    retainDays: 7,
    enabled: true,
    scope: { manualDial: true },
    createdBy: 'Admin Person',
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
  };
}

export function retentionPreview(overrides: Partial<RetentionPreview> = {}): RetentionPreview {
  return {
    total: 3,
    bytes: 5_400_000,
    byPolicy: [
      {
        policyId: 'pol-1',
        name: 'Manual Dial: 7 days',
        count: 3,
        bytes: 5_400_000,
        oldestPlacedAt: '2026-10-29T10:13:00.000Z',
        newestPlacedAt: '2026-11-17T14:05:00.000Z',
      },
    ],
    spared: { held: 1, byHold: [{ holdId: 'hold-1', name: 'Case 42', count: 1 }] },
    ...overrides,
  };
}

export function retentionRun(overrides: Partial<RetentionRunDto> = {}): RetentionRunDto {
  return {
    id: 'run-1',
    startedAt: '2026-11-25T02:00:00.000Z',
    finishedAt: '2026-11-25T02:00:03.000Z',
    dryRun: false,
    matched: 4,
    deleted: 3,
    skippedHeld: 1,
    bytesFreed: 5_400_000,
    failed: 0,
    failedIds: [],
    error: null,
    trigger: 'manual',
    ...overrides,
  };
}

export function legalHold(overrides: Partial<LegalHoldDto> = {}): LegalHoldDto {
  return {
    id: 'hold-1',
    name: 'Case 42',
    reason: 'Counsel asked on 20 Nov',
    criteria: { phone: '+14155550915' },
    createdBy: 'Compliance Person',
    createdAt: '2026-11-20T11:00:00.000Z',
    releasedAt: null,
    releasedBy: null,
    releaseReason: null,
    coveredRecordings: 1,
    ...overrides,
  };
}

export function auditEvent(overrides: Partial<AuditEventDto> = {}): AuditEventDto {
  return {
    id: 'ev-1',
    seq: 41,
    at: '2026-11-25T10:15:00.000Z',
    actorId: 'user-admin',
    actorName: 'Admin Person',
    apiKeyId: null,
    apiKeyName: null,
    action: 'RECORDING_PLAYED',
    recordingId: 'rec-1',
    ip: '10.0.0.7',
    userAgent: 'Mozilla/5.0',
    details: { via: 'media-token' },
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    ...overrides,
  };
}
