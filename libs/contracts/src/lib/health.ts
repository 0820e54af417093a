export type HealthState = 'up' | 'down';

/** `GET /api/health`: anonymous liveness, nothing more. */
export interface LivenessResponse {
  status: 'ok';
}

/** `GET /api/health/ready` (ADMIN): each dependency, and pipeline counts in `details`. */
export interface HealthResponse {
  status: 'ok' | 'error';
  checks: {
    database: HealthState;
    redis: HealthState;
    storage: HealthState;
  };
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
