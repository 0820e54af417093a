import { CallOutcome, CallStatus, RecordingStatus } from './enums';

export interface RecordingMetadata {
  id: string;
  twilioRecordingSid: string;
  status: RecordingStatus;
  durationSeconds: number | null;
  sizeBytes: number | null;
  mimeType: string | null;
  channels: number | null;
  sha256: string | null;
  storedAt: string | null;
  source: string | null;
  startedAt: string | null;
  attempts: number;
  lastError: string | null;
  errorCode: number | null;
  deletedAtSource: string | null;
  deletedAt: string | null;
  deletedBy: string | null;
  deletionReason: string | null;
  /**
   * When the recording's data key was destroyed (crypto-shredding, design 9.5): from then on no
   * copy of its encrypted object (backups, replicas) can be read. Null while the key exists, and
   * for a recording that was never encrypted. Here rather than in `storage`, which is null once deleted.
   */
  keyShreddedAt: string | null;
  /** Where the bytes are kept and how the store protects them; null until stored. */
  storage: RecordingStorageFacts | null;
  call: {
    id: string;
    twilioCallSid: string | null;
    placedAt: string;
    durationSeconds: number | null;
    status: CallStatus;
    outcome: CallOutcome | null;
    toNumber: string;
    fromNumber: string;
    /** null for an orphan no ADMIN has attached to an agent yet. */
    agent: { id: string; name: string } | null;
    contact: { id: string; name: string; phone: string } | null;
    dataList: { id: string; name: string } | null;
    dataListLabel: string;
  };
}

/** Per-channel waveform peaks: values in [0, 1], `samplesPerPeak` audio frames each. */
export interface RecordingPeaks {
  channels: number[][];
  sampleRate: number;
  samplesPerPeak: number;
  durationSeconds: number;
}

export interface MediaTokenResponse {
  token: string;
  expiresAt: string;
  streamUrl: string;
  downloadUrl: string;
  /**
   * `redirect`: the URLs may answer 302 to the object store (MEDIA_DELIVERY=redirect), another
   * origin, whose audio Web Audio hears as silence without CORS, so a player cannot mix the
   * sides of the call; `proxy`: the API sends the bytes itself; `nginx` (MEDIA_DELIVERY=nginx):
   * `streamUrl` is a same-origin link nginx checks and serves itself, valid until `expiresAt`
   * and only from the address that asked for it. Playback is audited when it is issued; ask for
   * a new token before `expiresAt` to keep playing (the same session: no second RECORDING_PLAYED).
   */
  delivery: 'proxy' | 'redirect' | 'nginx';
}

export interface DeleteRecordingRequest {
  reason: string;
}

/** `GET /api/recordings/pipeline`: where recordings stand, and the ones that need a person. */
export interface PipelineOverview {
  counts: Record<RecordingStatus, number>;
  queues: Record<string, { waiting: number; active: number; delayed: number; failed: number }>;
  /** FAILED recordings, newest first, with why and which call. */
  failed: PipelineRecording[];
  /** PENDING or DOWNLOADING for more than ten minutes. */
  stuck: PipelineRecording[];
  /** Retention or a person decided to delete these, but their audio could not be removed (retried by every sweep). */
  undeletable: PipelineRecording[];
  /** Twilio callbacks that could not be applied after WEBHOOK_MAX_ATTEMPTS: parked until an ADMIN retries them. */
  parkedWebhookEvents: ParkedWebhookEvents;
}

export interface ParkedWebhookEvents {
  count: number;
  /** The most recently parked (at most 50). */
  items: ParkedWebhookEvent[];
}

/** A parked webhook event; of its payload only the SIDs (never the phone numbers). */
export interface ParkedWebhookEvent {
  id: string;
  /** `call-status` or `recording-status`. */
  kind: string;
  receivedAt: string;
  parkedAt: string;
  attempts: number;
  lastError: string | null;
  callSid: string | null;
  recordingSid: string | null;
}

/** `POST /api/webhooks/events/:id/retry` answers 202 with this once the event is back on the queue. */
export interface WebhookEventRetried {
  id: string;
  enqueued: true;
}

export interface PipelineRecording {
  id: string;
  twilioRecordingSid: string;
  status: RecordingStatus;
  attempts: number;
  lastError: string | null;
  errorCode: number | null;
  updatedAt: string;
  call: { id: string; placedAt: string; toNumber: string; agentName: string; dataListLabel: string };
}

/** Where a recording's bytes live: local disk or the S3 bucket (design 9.4). */
export type StorageBackendName = 'LOCAL' | 'S3';

export interface RecordingStorageFacts {
  backend: StorageBackendName;
  /** The Object Lock retain-until date on the object: no one can delete it before then. */
  lockedUntil: string | null;
  /** Whether the object carries an S3 legal hold (one of ours covers it). */
  legalHold: boolean;
  /** Stored encrypted at rest under a data key of its own (design 9.5). */
  encrypted: boolean;
  /** The id of the key-encryption key that wraps its data key (never key material); null when not encrypted. */
  kekId: string | null;
}
