export type HealthState = 'up' | 'down';

/** `GET /api/health`: anonymous liveness, nothing more. */
export interface LivenessResponse {
  status: 'ok';
}

/** One key-encryption key (design 9.5): how many recordings' data keys it wraps, and whether this process has it. */
export interface KekUsage {
  id: string;
  recordings: number;
  /** In this process's keyring (ENCRYPTION_KEYS). A KEK in use that is not makes those recordings unreadable here. */
  available: boolean;
}

/** Which KEKs are in use: an old KEK can leave the keyring once it wraps nothing (after `npm run keys:rotate`). */
export interface EncryptionReport {
  /** The KEK new recordings are encrypted under; null when encryption is off. */
  activeKekId: string | null;
  /** Every KEK in use or configured, by id; `recordings` is 0 for a configured KEK that wraps nothing. No key material. */
  keks: KekUsage[];
  /** Set when the check fails: names the KEKs in use that this process lacks. */
  error?: string;
}

/** `GET /api/health/ready` (ADMIN): each dependency, the KEKs in use, and pipeline counts in `details`. */
export interface HealthResponse {
  status: 'ok' | 'error';
  checks: {
    database: HealthState;
    redis: HealthState;
    storage: HealthState;
    /** Down when recordings' data keys are wrapped by a KEK this process lacks (or the database cannot say). */
    encryption: HealthState;
  };
  /** Absent when the database is down. */
  encryption?: EncryptionReport;
  details?: Record<string, unknown>;
}

/** Server-sent event names on `GET /api/events`. */
export const LIVE_EVENTS = ['call.updated', 'recording.stored'] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];
export interface LiveEvent {
  type: LiveEventName;
  callRecordId: string;
  recordingId?: string;
}
