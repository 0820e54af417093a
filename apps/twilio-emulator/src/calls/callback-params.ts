import { API_VERSION } from '../config';
import type { CallRecord, CallStatus, RecordingRecord } from '../store/state';
import { rfc2822 } from '../time';
import { recordingMediaUrl, type ResourceContext } from '../twilio-json';

/** The CallStatus Twilio reports in each call-progress event. */
export const CALL_STATUS_FOR_EVENT = {
  initiated: 'initiated',
  ringing: 'ringing',
  answered: 'in-progress',
} as const;

export function recordingSeconds(rec: RecordingRecord): number {
  return Math.round((rec.durationMs ?? 0) / 1000);
}

/**
 * Parameters of a call status callback. `completion` adds what only the final event carries:
 * CallDuration (seconds), Duration (billable minutes, rounded up) and the recording, if any.
 */
export function statusCallbackParams(
  call: CallRecord,
  ctx: ResourceContext,
  callStatus: CallStatus | 'initiated',
  sequenceNumber: number,
  completion?: { recording: RecordingRecord | null },
): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: ctx.accountSid,
    ApiVersion: API_VERSION,
    CallSid: call.sid,
    CallStatus: callStatus,
    Called: call.to,
    Caller: call.from,
    Direction: 'outbound-api',
    From: call.from,
    To: call.to,
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(sequenceNumber),
    Timestamp: rfc2822(Date.now()),
  };
  if (completion) {
    const seconds = call.durationSeconds ?? 0;
    params['CallDuration'] = String(seconds);
    params['Duration'] = String(Math.ceil(seconds / 60));
    const rec = completion.recording;
    if (rec) {
      params['RecordingUrl'] = recordingMediaUrl(ctx, rec.sid);
      params['RecordingSid'] = rec.sid;
      params['RecordingDuration'] = String(recordingSeconds(rec));
    }
  }
  return params;
}

export function recordingCallbackParams(
  rec: RecordingRecord,
  ctx: ResourceContext,
  status: 'in-progress' | 'completed' | 'absent',
): Record<string, string> {
  return {
    AccountSid: ctx.accountSid,
    CallSid: rec.callSid,
    RecordingSid: rec.sid,
    RecordingUrl: recordingMediaUrl(ctx, rec.sid),
    RecordingStatus: status,
    // Unknown while recording; Twilio's exact value for in-progress is not documented, 0 is the safe choice.
    RecordingDuration: status === 'in-progress' ? '0' : String(recordingSeconds(rec)),
    RecordingChannels: String(rec.channels),
    RecordingSource: 'OutboundAPI',
    RecordingStartTime: rfc2822(rec.startedAt),
    RecordingTrack: 'both',
    ErrorCode: String(rec.errorCode ?? 0),
  };
}
