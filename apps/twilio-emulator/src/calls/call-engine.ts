import { randomUUID } from 'node:crypto';
import { TwilioHttpError } from '../errors';
import { mergeFaults, type FaultSet } from '../faults/fault-set';
import type { CallbackDispatcher } from '../callbacks/callback-dispatcher';
import { newSid } from '../ids';
import {
  FINAL_CALL_STATUSES,
  type CallEvent,
  type CallRecord,
  type CallStatus,
  type EmulatorState,
  type HttpMethod,
  type RecordingEvent,
  type RecordingRecord,
} from '../store/state';
import type { ResourceContext } from '../twilio-json';
import { CALL_STATUS_FOR_EVENT, recordingCallbackParams, statusCallbackParams } from './callback-params';
import type { Scheduler } from './scheduler';

/** A validated `POST Calls.json`. */
export interface NewCall {
  to: string;
  from: string;
  timeoutSeconds: number;
  statusCallback: string | null;
  statusCallbackMethod: HttpMethod;
  statusCallbackEvents: ReadonlySet<CallEvent>;
  record: boolean;
  recordingChannels: 1 | 2;
  recordingStatusCallback: string | null;
  recordingStatusCallbackMethod: HttpMethod;
  recordingStatusCallbackEvents: ReadonlySet<RecordingEvent>;
}

type EndStatus = Exclude<CallStatus, 'queued' | 'ringing' | 'in-progress'>;

/**
 * The call state machine: queued → ringing → in-progress → completed (or busy / no-answer /
 * failed / canceled), the recording that follows an answered `Record=true` call, and the order in
 * which their callbacks are generated. Timers are keyed by call SID so ending a call cancels them.
 */
export class CallEngine {
  constructor(
    private readonly state: EmulatorState,
    private readonly scheduler: Scheduler,
    private readonly dispatcher: CallbackDispatcher,
    private readonly ctx: ResourceContext,
  ) {}

  /** Global < per-number (snapshot at creation) < per-call, evaluated when each step happens. */
  faultsFor(callSid: string): FaultSet {
    const call = this.state.calls.get(callSid);
    return mergeFaults(this.state.globalFaults, call?.numberFaults, call?.faults);
  }

  create(input: NewCall): CallRecord {
    const now = Date.now();
    const call: CallRecord = {
      ...input,
      sid: newSid('CA'),
      status: 'queued',
      createdAt: now,
      updatedAt: now,
      startTime: null,
      endTime: null,
      answeredAt: null,
      durationSeconds: null,
      recordingSid: null,
      nextSequence: 0,
      numberFaults: { ...(this.state.numberFaults.get(input.to) ?? {}) },
      faults: {},
    };
    this.state.calls.set(call.sid, call);
    // Delivery is scheduled, so the 201 reaches the client before the `initiated` webhook does.
    this.emitCall(call, 'initiated', 'initiated');
    this.scheduler.after(this.state.timing.ringDelayMs, () => this.ring(call), call.sid);
    return call;
  }

  /** REST `POST Calls/{Sid}.json` with `Status`. */
  updateStatus(callSid: string, status: 'completed' | 'canceled'): CallRecord {
    const call = this.mustGet(callSid);
    if (FINAL_CALL_STATUSES.has(call.status)) {
      throw new TwilioHttpError(400, 21220, 'Call is not in-progress. Cannot redirect.');
    }
    if (call.status === 'in-progress') {
      // Twilio: `canceled` only hangs up calls that are queued or ringing; it leaves live calls alone.
      if (status === 'completed') this.finish(call, 'completed');
    } else {
      this.finish(call, 'canceled');
    }
    return call;
  }

  /**
   * Control-API hang-up. With `durationSeconds`, the call is treated as answered that long ago
   * (answering it now if it was still queued or ringing), so the recording gets exactly that length.
   */
  hangup(callSid: string, durationSeconds?: number): CallRecord {
    const call = this.mustGet(callSid);
    if (FINAL_CALL_STATUSES.has(call.status)) {
      throw new TwilioHttpError(409, 21220, `Call ${callSid} has already ended (${call.status})`);
    }
    if (durationSeconds === undefined) {
      this.finish(call, call.status === 'in-progress' ? 'completed' : 'canceled');
      return call;
    }
    // One clock reading for both ends, so the recording is exactly durationSeconds long.
    const now = Date.now();
    const answeredAt = now - Math.round(durationSeconds * 1000);
    if (call.status === 'in-progress') {
      call.answeredAt = answeredAt;
      call.startTime = answeredAt;
      const rec = call.recordingSid ? this.state.recordings.get(call.recordingSid) : undefined;
      if (rec) {
        rec.startedAt = answeredAt;
        rec.createdAt = Math.min(rec.createdAt, answeredAt);
      }
    } else {
      this.scheduler.cancelKey(call.sid);
      if (call.status === 'queued') this.startRinging(call);
      this.answer(call, answeredAt);
    }
    call.createdAt = Math.min(call.createdAt, answeredAt);
    this.finish(call, 'completed', now);
    return call;
  }

  /**
   * `POST /_emulator/calls` (design 9.7): a recorded call our API never asked for and hears nothing
   * about, so tests can make orphans and coverage gaps. It is placed as if answered
   * `durationSeconds` ago and completed now; its recording completes after the usual processing.
   */
  placeUnsolicited(input: { to: string; from: string; durationSeconds: number; recordingChannels: 1 | 2 }): CallRecord {
    const call = this.create({
      to: input.to,
      from: input.from,
      timeoutSeconds: 60,
      statusCallback: null,
      statusCallbackMethod: 'POST',
      statusCallbackEvents: new Set(),
      record: true,
      recordingChannels: input.recordingChannels,
      recordingStatusCallback: null,
      recordingStatusCallbackMethod: 'POST',
      recordingStatusCallbackEvents: new Set(),
    });
    return this.hangup(call.sid, input.durationSeconds);
  }

  reset(): void {
    this.scheduler.clearAll();
    this.dispatcher.clear();
  }

  private mustGet(callSid: string): CallRecord {
    const call = this.state.calls.get(callSid);
    if (!call) {
      throw new TwilioHttpError(404, 20404, `The requested resource Call ${callSid} was not found`);
    }
    return call;
  }

  private ring(call: CallRecord): void {
    const outcome = this.faultsFor(call.sid).outcome;
    if (outcome === 'failed' || outcome === 'busy') {
      this.finish(call, outcome);
      return;
    }
    this.startRinging(call);
    const { answerDelayMs } = this.state.timing;
    const ringLimitMs = call.timeoutSeconds * 1000;
    if (outcome === 'no-answer' || answerDelayMs > ringLimitMs) {
      this.scheduler.after(Math.min(answerDelayMs, ringLimitMs), () => this.finish(call, 'no-answer'), call.sid);
    } else {
      this.scheduler.after(answerDelayMs, () => this.answer(call, Date.now()), call.sid);
    }
  }

  private startRinging(call: CallRecord): void {
    call.status = 'ringing';
    call.startTime = call.updatedAt = Date.now();
    this.emitCall(call, 'ringing', CALL_STATUS_FOR_EVENT.ringing);
  }

  private answer(call: CallRecord, answeredAt: number): void {
    call.status = 'in-progress';
    call.answeredAt = call.startTime = answeredAt;
    call.updatedAt = Date.now();
    this.emitCall(call, 'answered', CALL_STATUS_FOR_EVENT.answered);
    if (call.record) {
      const rec: RecordingRecord = {
        sid: newSid('RE'),
        callSid: call.sid,
        channels: call.recordingChannels,
        status: 'in-progress',
        createdAt: answeredAt,
        updatedAt: Date.now(),
        startedAt: answeredAt,
        durationMs: null,
        errorCode: null,
        completedAt: null,
        mediaRequests: 0,
      };
      this.state.recordings.set(rec.sid, rec);
      call.recordingSid = rec.sid;
      this.emitRecording(call, rec, 'in-progress');
    }
    const remainingMs = this.state.timing.maxCallSeconds * 1000 - (Date.now() - answeredAt);
    this.scheduler.after(remainingMs, () => this.finish(call, 'completed'), call.sid);
  }

  private finish(call: CallRecord, status: EndStatus, now = Date.now()): void {
    this.scheduler.cancelKey(call.sid);
    call.status = status;
    call.endTime = call.updatedAt = now;
    call.durationSeconds = call.answeredAt === null ? 0 : Math.round((now - call.answeredAt) / 1000);
    const rec = call.recordingSid ? (this.state.recordings.get(call.recordingSid) ?? null) : null;
    if (rec) {
      rec.status = 'processing';
      rec.durationMs = now - rec.startedAt;
      rec.updatedAt = now;
    }
    this.emitCall(call, 'completed', status, { recording: rec });
    if (rec) {
      this.scheduler.after(this.state.timing.recordingProcessingMs, () => this.finalizeRecording(call, rec));
    } else {
      this.dispatcher.release(call.sid);
    }
  }

  private finalizeRecording(call: CallRecord, rec: RecordingRecord): void {
    if (this.state.recordings.get(rec.sid) === rec) {
      const tooShort = (rec.durationMs ?? 0) < this.state.timing.minRecordingSeconds * 1000;
      const absent = tooShort || this.faultsFor(call.sid).recordingAbsent === true;
      rec.status = absent ? 'absent' : 'completed';
      rec.errorCode = absent ? 16101 : null;
      rec.completedAt = rec.updatedAt = Date.now();
      this.emitRecording(call, rec, rec.status);
    }
    this.dispatcher.release(call.sid);
  }

  private emitCall(
    call: CallRecord,
    event: CallEvent,
    callStatus: CallStatus | 'initiated',
    completion?: { recording: RecordingRecord | null },
  ): void {
    if (!call.statusCallback || !call.statusCallbackEvents.has(event)) return;
    const sequence = call.nextSequence++;
    this.dispatcher.emit({
      kind: 'call',
      event,
      callSid: call.sid,
      url: call.statusCallback,
      method: call.statusCallbackMethod,
      params: statusCallbackParams(call, this.ctx, callStatus, sequence, completion),
      idempotencyToken: randomUUID(),
      generatedAt: Date.now(),
    });
  }

  private emitRecording(call: CallRecord, rec: RecordingRecord, status: RecordingEvent): void {
    if (!call.recordingStatusCallback || !call.recordingStatusCallbackEvents.has(status)) return;
    this.dispatcher.emit({
      kind: 'recording',
      event: status,
      callSid: call.sid,
      recordingSid: rec.sid,
      url: call.recordingStatusCallback,
      method: call.recordingStatusCallbackMethod,
      params: recordingCallbackParams(rec, this.ctx, status),
      idempotencyToken: randomUUID(),
      generatedAt: Date.now(),
    });
  }
}
