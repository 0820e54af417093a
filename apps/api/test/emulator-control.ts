import { createHash } from 'node:crypto';
import { EMULATOR_DEFAULTS } from '../src/services/config/app-config';
import { EMULATOR_URL } from './emulator-process';

/** The emulator's fault switches (see apps/twilio-emulator/README.md). */
export interface FaultSet {
  dropCallbacks?: string[];
  duplicateCallbacks?: number;
  delayCallbacksMs?: number;
  reorderCallbacks?: boolean;
  media404Seconds?: number;
  media500Count?: number;
  mediaBytesPerSecond?: number;
  recordingAbsent?: boolean;
  outcome?: 'answered' | 'busy' | 'no-answer' | 'failed';
  createCallResponse?: 'reset' | 'error';
}

/** What Twilio (the emulator) itself holds, read through its REST API as the API's client would. */
async function twilioRest<T>(path: string): Promise<T | null> {
  const auth = Buffer.from(`${EMULATOR_DEFAULTS.accountSid}:${EMULATOR_DEFAULTS.authToken}`).toString('base64');
  const response = await fetch(`${EMULATOR_URL}/2010-04-01/Accounts/${EMULATOR_DEFAULTS.accountSid}/${path}`, {
    headers: { authorization: `Basic ${auth}` },
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`Emulator GET ${path} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function control(method: string, path: string, body?: unknown, retried = false): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${EMULATOR_URL}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    // A kept-alive socket the emulator closed a moment earlier: the request never arrived.
    if (retried) throw error;
    return control(method, path, body, true);
  }
  if (!response.ok) throw new Error(`Emulator ${method} ${path} failed: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const emulator = {
  reset: () => control('POST', '/reset'),
  setConfig: (config: { timing?: Record<string, number>; faults?: FaultSet }) => control('PUT', '/config', config),
  setNumberFaults: (to: string, faults: FaultSet) => control('PUT', `/numbers/${encodeURIComponent(to)}`, faults),
  setCallFaults: (callSid: string, faults: FaultSet) => control('PUT', `/calls/${callSid}/faults`, faults),
  hangup: (callSid: string, durationSeconds?: number) =>
    control('POST', `/calls/${callSid}/hangup`, durationSeconds === undefined ? {} : { durationSeconds }),
  /** Calls Twilio placed to a number, newest first. */
  callsTo: async (to: string) =>
    (await twilioRest<{ calls: { sid: string; status: string }[] }>(`Calls.json?To=${encodeURIComponent(to)}`))?.calls ?? [],
  /** Recordings of a call at Twilio, newest first. */
  recordingsOf: async (callSid: string) =>
    (await twilioRest<{ recordings: { sid: string; status: string }[] }>(`Recordings.json?CallSid=${callSid}`))?.recordings ?? [],
  /** A recording at Twilio, or null once it is deleted. */
  recording: (sid: string) => twilioRest<{ sid: string; status: string }>(`Recordings/${sid}.json`),
  /**
   * A recorded call our API never asked for (design 9.7): answered `durationSeconds` ago, completed
   * now, no callbacks to anyone; its recording completes after the usual processing.
   */
  placeUnsolicitedCall: (body: { to: string; from?: string; durationSeconds: number; recordingChannels?: 1 | 2 }) =>
    control('POST', '/calls', body) as Promise<{ callSid: string; recordingSid: string; status: string; duration: number }>,
  /** A call resource as Twilio's REST API gives it (snake_case fields), or null once it is gone. */
  call: (sid: string) =>
    twilioRest<{ sid: string; to: string; from: string; status: string; start_time: string; date_created: string; duration: string }>(
      `Calls/${sid}.json`,
    ),
  /** The SHA-256 of a recording's media as Twilio serves it (`.wav`, both channels when it has two). */
  mediaSha256: async (sid: string, channels: 1 | 2 = 2) => {
    const auth = Buffer.from(`${EMULATOR_DEFAULTS.accountSid}:${EMULATOR_DEFAULTS.authToken}`).toString('base64');
    const query = channels === 2 ? '?RequestedChannels=2' : '';
    const response = await fetch(`${EMULATOR_URL}/2010-04-01/Accounts/${EMULATOR_DEFAULTS.accountSid}/Recordings/${sid}.wav${query}`, {
      headers: { authorization: `Basic ${auth}` },
    });
    if (!response.ok) throw new Error(`Emulator media of ${sid} failed: ${response.status}`);
    return createHash('sha256')
      .update(Buffer.from(await response.arrayBuffer()))
      .digest('hex');
  },
  callbacks: (callSid: string) =>
    control('GET', `/callbacks?callSid=${callSid}`) as Promise<{ kind: string; event: string; httpStatus?: number }[]>,
};
