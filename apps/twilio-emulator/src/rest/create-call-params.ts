import { E164_PATTERN } from '../config';
import { badParam, TwilioHttpError } from '../errors';
import type { NewCall } from '../calls/call-engine';
import { parseBool, parseCallbackUrl, parseEventList, parseIntParam, parseMethod, single, type Params } from '../http/params';
import type { CallEvent, RecordingEvent } from '../store/state';

const CALL_EVENTS: readonly CallEvent[] = ['initiated', 'ringing', 'answered', 'completed'];
const RECORDING_EVENTS: readonly RecordingEvent[] = ['in-progress', 'completed', 'absent'];

/** Validates `POST Calls.json` the way Twilio does, with Twilio's error codes. */
export function parseCreateCall(params: Params): NewCall {
  const to = single(params, 'To');
  const from = single(params, 'From');
  if (!to) throw new TwilioHttpError(400, 21201, "No 'To' number is specified");
  if (!from) throw new TwilioHttpError(400, 21213, "No 'From' number is specified");
  if (!E164_PATTERN.test(to)) throw new TwilioHttpError(400, 21211, "Invalid 'To' Phone Number");
  if (!E164_PATTERN.test(from)) throw new TwilioHttpError(400, 21212, "Invalid 'From' Phone Number");

  const url = single(params, 'Url');
  const twiml = single(params, 'Twiml');
  const applicationSid = single(params, 'ApplicationSid');
  if (!url && !twiml && !applicationSid) {
    throw new TwilioHttpError(400, 21205, 'Url parameter is required');
  }
  if (url) parseCallbackUrl(params, 'Url', 21205);

  const recordingChannels = single(params, 'RecordingChannels') ?? 'mono';
  if (recordingChannels !== 'mono' && recordingChannels !== 'dual') {
    throw badParam('RecordingChannels must be mono or dual');
  }

  return {
    to,
    from,
    timeoutSeconds: parseIntParam(params, 'Timeout', 60, 1, 600),
    statusCallback: parseCallbackUrl(params, 'StatusCallback', 21609),
    statusCallbackMethod: parseMethod(params, 'StatusCallbackMethod'),
    statusCallbackEvents: parseEventList(params, 'StatusCallbackEvent', CALL_EVENTS, ['completed']),
    record: parseBool(params, 'Record', false),
    recordingChannels: recordingChannels === 'dual' ? 2 : 1,
    recordingStatusCallback: parseCallbackUrl(params, 'RecordingStatusCallback', 21609),
    recordingStatusCallbackMethod: parseMethod(params, 'RecordingStatusCallbackMethod'),
    recordingStatusCallbackEvents: parseEventList(params, 'RecordingStatusCallbackEvent', RECORDING_EVENTS, ['completed']),
  };
}
