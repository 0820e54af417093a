export type CallOutcome = 'answered' | 'busy' | 'no-answer' | 'failed';

export const CALLBACK_SELECTORS = [
  'call:initiated',
  'call:ringing',
  'call:answered',
  'call:completed',
  'recording:in-progress',
  'recording:completed',
  'recording:absent',
] as const;
export type CallbackSelector = (typeof CALLBACK_SELECTORS)[number];

/** Everything that can go wrong on purpose. Unset keys mean "behave like healthy Twilio". */
export interface FaultSet {
  /** selectors (`call:answered`, `recording:completed`, …) or `*` for every callback */
  dropCallbacks?: string[];
  /** extra identical deliveries of each callback (same params, signature and idempotency token) */
  duplicateCallbacks?: number;
  /** each callback leaves this much later than it was generated */
  delayCallbacksMs?: number;
  /** hold the call's callbacks until its recording (or, unrecorded, the call) is final; then newest-first */
  reorderCallbacks?: boolean;
  /** media answers 404 for this many seconds after the recording completed */
  media404Seconds?: number;
  /** the first N media requests of each recording answer 500 */
  media500Count?: number;
  /** throttle media responses to this many bytes per second */
  mediaBytesPerSecond?: number;
  /** the recording ends `absent` (error 16101) whatever its length */
  recordingAbsent?: boolean;
  /** how the far end reacts; only `answered` calls get recorded */
  outcome?: CallOutcome;
  /**
   * The call is created and goes ahead, but the client never learns it: `reset` cuts the
   * connection instead of answering, `error` answers 500. What a timeout or a proxy failure
   * looks like to a client that cannot know whether Twilio placed the call.
   */
  createCallResponse?: 'reset' | 'error';
}

type Check = (value: unknown) => string | null;

const nonNegativeInt =
  (max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max ? null : `an integer between 0 and ${max}`;

const FIELD_CHECKS: Record<keyof FaultSet, Check> = {
  dropCallbacks: (v) =>
    Array.isArray(v) && v.every((s) => s === '*' || (CALLBACK_SELECTORS as readonly unknown[]).includes(s))
      ? null
      : `an array of '*' or ${CALLBACK_SELECTORS.join(', ')}`,
  duplicateCallbacks: nonNegativeInt(10),
  delayCallbacksMs: nonNegativeInt(600_000),
  reorderCallbacks: (v) => (typeof v === 'boolean' ? null : 'a boolean'),
  media404Seconds: nonNegativeInt(86_400),
  media500Count: nonNegativeInt(1000),
  mediaBytesPerSecond: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1_000_000_000 ? null : 'an integer >= 1'),
  recordingAbsent: (v) => (typeof v === 'boolean' ? null : 'a boolean'),
  outcome: (v) =>
    v === 'answered' || v === 'busy' || v === 'no-answer' || v === 'failed' ? null : "one of 'answered', 'busy', 'no-answer', 'failed'",
  createCallResponse: (v) => (v === 'reset' || v === 'error' ? null : "one of 'reset', 'error'"),
};

export const FAULT_KEYS = Object.keys(FIELD_CHECKS) as (keyof FaultSet)[];

/**
 * Validates a FaultSet from JSON. With `allowNull`, a key set to null means "remove this key" when
 * the result is merged into an existing set (PUT /_emulator/config).
 */
export function parseFaultSet(
  input: unknown,
  opts: { allowNull?: boolean } = {},
): { value: FaultSet; cleared: (keyof FaultSet)[] } | { error: string } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { error: 'faults must be a JSON object' };
  }
  const value: Record<string, unknown> = {};
  const cleared: (keyof FaultSet)[] = [];
  for (const [key, raw] of Object.entries(input)) {
    if (!(key in FIELD_CHECKS)) {
      return { error: `unknown fault '${key}' (allowed: ${FAULT_KEYS.join(', ')})` };
    }
    if (raw === null && opts.allowNull) {
      cleared.push(key as keyof FaultSet);
      continue;
    }
    const problem = FIELD_CHECKS[key as keyof FaultSet](raw);
    if (problem) return { error: `${key} must be ${problem}` };
    value[key] = Array.isArray(raw) ? [...raw] : raw;
  }
  return { value: value as FaultSet, cleared };
}

/** Later sets win key by key (global < number < call); arrays are replaced, not concatenated. */
export function mergeFaults(...sets: (FaultSet | undefined)[]): FaultSet {
  const out: FaultSet = {};
  for (const set of sets) {
    if (!set) continue;
    for (const key of FAULT_KEYS) {
      const v = set[key];
      if (v !== undefined) (out as Record<string, unknown>)[key] = Array.isArray(v) ? [...v] : v;
    }
  }
  return out;
}

export function isDropped(faults: FaultSet, kind: 'call' | 'recording', event: string): boolean {
  const list = faults.dropCallbacks;
  return !!list && (list.includes('*') || list.includes(`${kind}:${event}`));
}
