import { EXPORT_BUNDLE_FILES, ExportScope } from '@callrec/contracts';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './export-bundle.format';
import { ExportEvidenceReader, HoldRow } from './export-evidence.reader';

/** The JSON documents of a bundle (metadata/<sid>.json, custody.json, manifest.json), as the format defines them. */

type RecordingWithCall = Awaited<ReturnType<ExportEvidenceReader['recordings']>>[number];

export interface IncludedRecording {
  recordingId: string;
  twilioRecordingSid: string;
  file: string;
  metadata: string;
  sha256: string;
  sizeBytes: number;
}

export interface ExcludedRecording {
  recordingId: string;
  twilioRecordingSid: string;
  reason: string;
}

const iso = (at: Date | null | undefined) => at?.toISOString() ?? null;

export function metadataDocument(recording: RecordingWithCall, included: IncludedRecording, holds: HoldRow[]): unknown {
  const call = recording.callRecord;
  return {
    recording: {
      id: recording.id,
      twilioRecordingSid: recording.twilioRecordingSid,
      file: included.file,
      sha256: included.sha256,
      sizeBytes: included.sizeBytes,
      durationSeconds: recording.durationSeconds,
      channels: recording.channels,
      startedAt: iso(recording.startedAt),
      storedAt: iso(recording.storedAt),
      encrypted: recording.encrypted,
      storage: recording.storageBackend?.toLowerCase() ?? null,
    },
    call: {
      id: call.id,
      twilioCallSid: call.twilioCallSid,
      placedAt: iso(call.placedAt),
      answeredAt: iso(call.answeredAt),
      endedAt: iso(call.endedAt),
      durationSeconds: call.durationSeconds,
      status: call.status,
      outcome: call.outcome,
      outcomeHistory: call.outcomeChanges.map((change) => ({
        at: iso(change.at),
        from: change.fromOutcome,
        to: change.toOutcome,
        reason: change.reason,
        changedBy: change.changedBy ? { id: change.changedBy.id, name: change.changedBy.name } : null,
      })),
      agent: call.agent ? { id: call.agent.id, name: call.agent.name, email: call.agent.email } : null,
      // null is "Manual Dial": the call was placed without a data list.
      dataList: call.dataList ? { id: call.dataList.id, name: call.dataList.name } : null,
      toNumber: call.toNumber,
      fromNumber: call.fromNumber,
    },
    holds: holds.map((hold) => ({
      id: hold.id,
      name: hold.name,
      reason: hold.reason,
      createdAt: hold.createdAt,
      releasedAt: hold.releasedAt,
    })),
    // Redactions (design 9.8) are not made yet; the field is here so readers need not change when they are.
    redactions: [],
  };
}

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface CustodyInput {
  exportId: string;
  requestedBy: Person;
  requestedAt: Date;
  reason: string;
  scope: ExportScope;
  approvedBy: Person | null;
  approvedAt: Date | null;
  builtAt: Date;
  recordings: number;
  audioBytes: number;
  auditEvents: number;
  chain: { ok: boolean; checked: number; verifiedAt: Date };
  excluded: ExcludedRecording[];
}

export function custodyDocument(input: CustodyInput): unknown {
  const person = (p: Person | null) => (p ? { id: p.id, name: p.name, email: p.email } : null);
  return {
    exportId: input.exportId,
    requestedBy: person(input.requestedBy),
    requestedAt: iso(input.requestedAt),
    reason: input.reason,
    scope: input.scope,
    approval: input.approvedBy ? 'two-person' : 'none',
    approvedBy: person(input.approvedBy),
    approvedAt: iso(input.approvedAt),
    builtAt: iso(input.builtAt),
    counts: { recordings: input.recordings, audioBytes: input.audioBytes, auditEvents: input.auditEvents },
    auditChain: { ok: input.chain.ok, checked: input.chain.checked, verifiedAt: iso(input.chain.verifiedAt) },
    excluded: input.excluded,
  };
}

/** Every entry path but SHA256SUMS and its signature, in entry order: known before the manifest is written. */
export function manifestFiles(recordings: readonly IncludedRecording[]): string[] {
  return [
    ...recordings.map((r) => r.file),
    ...recordings.map((r) => r.metadata),
    EXPORT_BUNDLE_FILES.audit,
    EXPORT_BUNDLE_FILES.custody,
    EXPORT_BUNDLE_FILES.manifest,
    EXPORT_BUNDLE_FILES.publicKey,
  ];
}

export function manifestDocument(exportId: string, createdAt: Date, keyId: string, recordings: readonly IncludedRecording[]): unknown {
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportId,
    createdAt: iso(createdAt),
    signingKey: { algorithm: 'Ed25519', keyId },
    recordings,
    files: manifestFiles(recordings),
  };
}
