import type { Timing } from '../config';
import type { FaultSet } from '../faults/fault-set';

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
export type CallEvent = 'initiated' | 'ringing' | 'answered' | 'completed';
export type RecordingEvent = 'in-progress' | 'completed' | 'absent';
export type RecordingStatus = 'in-progress' | 'processing' | 'completed' | 'absent';
export type HttpMethod = 'GET' | 'POST';

export const FINAL_CALL_STATUSES: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export interface CallRecord {
  sid: string;
  to: string;
  from: string;
  status: CallStatus;
  createdAt: number;
  updatedAt: number;
  /** when dialling started; replaced by the answer time once answered so end - start = duration */
  startTime: number | null;
  endTime: number | null;
  answeredAt: number | null;
  durationSeconds: number | null;
  timeoutSeconds: number;
  statusCallback: string | null;
  statusCallbackMethod: HttpMethod;
  statusCallbackEvents: ReadonlySet<CallEvent>;
  record: boolean;
  recordingChannels: 1 | 2;
  recordingStatusCallback: string | null;
  recordingStatusCallbackMethod: HttpMethod;
  recordingStatusCallbackEvents: ReadonlySet<RecordingEvent>;
  recordingSid: string | null;
  /** next SequenceNumber for this call's status callbacks */
  nextSequence: number;
  /** snapshot of the per-number faults at creation time */
  numberFaults: FaultSet;
  /** per-call faults set through the control API */
  faults: FaultSet;
}

export interface RecordingRecord {
  sid: string;
  callSid: string;
  channels: 1 | 2;
  status: RecordingStatus;
  createdAt: number;
  updatedAt: number;
  /** equals the call's answer time (possibly back-dated by a control-API hangup) */
  startedAt: number;
  /** exact recorded length; known once the call has ended */
  durationMs: number | null;
  errorCode: number | null;
  completedAt: number | null;
  /** media requests that reached the fault checks; drives `media500Count` */
  mediaRequests: number;
}

export interface DeliveryLogEntry {
  /** when this attempt started */
  at: string;
  /** when the call engine generated the callback */
  generatedAt: string;
  kind: 'call' | 'recording';
  event: string;
  callSid: string;
  recordingSid?: string;
  url: string;
  method: HttpMethod;
  params: Record<string, string>;
  /** 1 for the first try, 2 for the retry after a connection failure or timeout */
  attempt: number;
  /** 0 for the original delivery, 1..N for `duplicateCallbacks` copies */
  copy: number;
  signature?: string;
  httpStatus?: number;
  error?: string;
  dropped?: boolean;
}

const MAX_LOG_ENTRIES = 20_000;

/** All mutable emulator state in one place so reset and tests see one truth. */
export class EmulatorState {
  readonly calls = new Map<string, CallRecord>();
  readonly recordings = new Map<string, RecordingRecord>();
  readonly numberFaults = new Map<string, FaultSet>();
  readonly deliveryLog: DeliveryLogEntry[] = [];
  globalFaults: FaultSet = {};
  timing: Timing;

  constructor(private readonly baselineTiming: Timing) {
    this.timing = { ...baselineTiming };
  }

  log(entry: DeliveryLogEntry): void {
    this.deliveryLog.push(entry);
    if (this.deliveryLog.length > MAX_LOG_ENTRIES) this.deliveryLog.splice(0, this.deliveryLog.length - MAX_LOG_ENTRIES);
  }

  /** Back to the timing the emulator was started with and no faults of any kind. */
  resetConfig(): void {
    this.timing = { ...this.baselineTiming };
    this.globalFaults = {};
    this.numberFaults.clear();
    for (const call of this.calls.values()) call.faults = {};
  }

  clearAll(): void {
    this.calls.clear();
    this.recordings.clear();
    this.deliveryLog.length = 0;
    this.resetConfig();
  }
}
