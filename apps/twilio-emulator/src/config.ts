/**
 * Timing knobs of the call walk-through. Defaults are short so a developer sees a call complete within
 * a second; tests pass even smaller values through `startEmulator({ timing })`.
 */
export interface Timing {
  /** queued → ringing */
  ringDelayMs: number;
  /** ringing → in-progress (answered) */
  answerDelayMs: number;
  /** call end → recording `completed`/`absent` */
  recordingProcessingMs: number;
  /** recordings shorter than this end `absent` with error 16101, like Twilio's "too short" case */
  minRecordingSeconds: number;
  /** an answered call is hung up by the emulator after this long */
  maxCallSeconds: number;
  /** per-attempt timeout of a webhook delivery; Twilio's default read/total timeout is 15 s */
  callbackTimeoutMs: number;
}

export const DEFAULT_TIMING: Readonly<Timing> = Object.freeze({
  ringDelayMs: 150,
  answerDelayMs: 400,
  recordingProcessingMs: 300,
  minRecordingSeconds: 1,
  maxCallSeconds: 3600,
  callbackTimeoutMs: 15_000,
});

const TIMING_LIMITS: Record<keyof Timing, [min: number, max: number]> = {
  ringDelayMs: [0, 3_600_000],
  answerDelayMs: [0, 3_600_000],
  recordingProcessingMs: [0, 3_600_000],
  minRecordingSeconds: [0, 3600],
  maxCallSeconds: [1, 86_400],
  callbackTimeoutMs: [1, 120_000],
};

export const TIMING_KEYS = Object.keys(TIMING_LIMITS) as (keyof Timing)[];

/** Validates a partial timing object from the control API or from `startEmulator` options. */
export function parseTiming(input: unknown): { value: Partial<Timing> } | { error: string } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { error: 'timing must be an object' };
  }
  const out: Partial<Timing> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (!(key in TIMING_LIMITS)) {
      return { error: `unknown timing key '${key}' (allowed: ${TIMING_KEYS.join(', ')})` };
    }
    const [min, max] = TIMING_LIMITS[key as keyof Timing];
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < min || raw > max) {
      return { error: `timing.${key} must be a number between ${min} and ${max}` };
    }
    out[key as keyof Timing] = raw;
  }
  return { value: out };
}

export interface EmulatorOptions {
  /** 0 picks an ephemeral port; the returned `url` carries the real one. */
  port: number;
  host?: string;
  accountSid: string;
  authToken: string;
  /** Base of RecordingUrl / media_url; defaults to the URL the server listens on. */
  publicUrl?: string;
  timing?: Partial<Timing>;
}

export const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;
export const API_VERSION = '2010-04-01';
