export type HealthState = 'up' | 'down';

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
