import { API_VERSION } from './config';
import type { CallRecord, RecordingRecord } from './store/state';
import { rfc2822 } from './time';

/** What every resource renderer needs to know about the emulator it runs in. */
export interface ResourceContext {
  accountSid: string;
  /** origin (and optional path prefix) that clients use to reach the emulator */
  publicUrl: string;
}

export const accountPath = (accountSid: string) => `/${API_VERSION}/Accounts/${accountSid}`;

/** `RecordingUrl` / `media_url`: no extension; clients append `.wav` or `.mp3`. */
export function recordingMediaUrl(ctx: ResourceContext, recordingSid: string): string {
  return `${ctx.publicUrl.replace(/\/+$/, '')}${accountPath(ctx.accountSid)}/Recordings/${recordingSid}`;
}

/** North-American numbers get Twilio's `(415) 867-5309` form; others stay E.164. */
export function formatPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

const CALL_SUBRESOURCES: Record<string, string> = {
  notifications: 'Notifications',
  recordings: 'Recordings',
  payments: 'Payments',
  events: 'Events',
  siprec: 'Siprec',
  streams: 'Streams',
  transcriptions: 'Transcriptions',
  user_defined_message_subscriptions: 'UserDefinedMessageSubscriptions',
  user_defined_messages: 'UserDefinedMessages',
};

const date = (ms: number | null) => (ms === null ? null : rfc2822(ms));

export function callToJson(call: CallRecord, ctx: ResourceContext): Record<string, unknown> {
  const base = `${accountPath(ctx.accountSid)}/Calls/${call.sid}`;
  return {
    account_sid: ctx.accountSid,
    annotation: null,
    answered_by: null,
    api_version: API_VERSION,
    caller_name: null,
    date_created: rfc2822(call.createdAt),
    date_updated: rfc2822(call.updatedAt),
    direction: 'outbound-api',
    duration: call.durationSeconds === null ? null : String(call.durationSeconds),
    end_time: date(call.endTime),
    forwarded_from: null,
    from: call.from,
    from_formatted: formatPhone(call.from),
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    sid: call.sid,
    start_time: date(call.startTime),
    status: call.status,
    subresource_uris: Object.fromEntries(Object.entries(CALL_SUBRESOURCES).map(([key, name]) => [key, `${base}/${name}.json`])),
    to: call.to,
    to_formatted: formatPhone(call.to),
    trunk_sid: null,
    uri: `${base}.json`,
    queue_time: '0',
  };
}

/** Twilio reports no duration until the recording is final. */
function recordingDuration(rec: RecordingRecord): string | null {
  if (rec.status !== 'completed' && rec.status !== 'absent') return null;
  return String(Math.round((rec.durationMs ?? 0) / 1000));
}

/**
 * The account-level Recording resource; `callScoped` renders the Calls/{CallSid}/Recordings
 * variant, which (per Twilio's spec) adds `track` and has no `media_url`/`subresource_uris`.
 */
export function recordingToJson(rec: RecordingRecord, ctx: ResourceContext, opts: { callScoped?: boolean } = {}): Record<string, unknown> {
  const uri = opts.callScoped
    ? `${accountPath(ctx.accountSid)}/Calls/${rec.callSid}/Recordings/${rec.sid}.json`
    : `${accountPath(ctx.accountSid)}/Recordings/${rec.sid}.json`;
  const common = {
    account_sid: ctx.accountSid,
    api_version: API_VERSION,
    call_sid: rec.callSid,
    conference_sid: null,
    date_created: rfc2822(rec.createdAt),
    date_updated: rfc2822(rec.updatedAt),
    start_time: rfc2822(rec.startedAt),
    duration: recordingDuration(rec),
    sid: rec.sid,
    price: null,
    price_unit: 'USD',
    status: rec.status,
    channels: rec.channels,
    source: 'OutboundAPI',
    error_code: rec.errorCode,
    uri,
    encryption_details: null,
  };
  if (opts.callScoped) return { ...common, track: 'both' };
  const base = `${accountPath(ctx.accountSid)}/Recordings/${rec.sid}`;
  return {
    ...common,
    subresource_uris: {
      add_on_results: `${base}/AddOnResults.json`,
      transcriptions: `${base}/Transcriptions.json`,
    },
    media_url: recordingMediaUrl(ctx, rec.sid),
  };
}
