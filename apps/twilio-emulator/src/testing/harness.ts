import type twilio from 'twilio';
import { startEmulator, type RunningEmulator } from '../emulator';
import type { Timing } from '../config';
import { CallbackReceiver } from './callback-receiver';
import { basicAuthHeader, controlJson, fetchBytes, waitFor, type FetchedMedia } from './http-helpers';
import { emulatorClient } from './twilio-client';

export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'f3c1b2a4d5e6f708192a3b4c5d6e7f80';
export const AGENT = '+15017122661';

/** Short enough to keep the suite quick, long enough to observe each status. */
export const FAST_TIMING: Partial<Timing> = {
  ringDelayMs: 20,
  answerDelayMs: 40,
  recordingProcessingMs: 40,
};

/** One emulator, one webhook receiver and a real twilio client pointed at the emulator. */
export class Harness {
  emulator!: RunningEmulator;
  readonly receiver = new CallbackReceiver();
  client!: twilio.Twilio;

  async start(timing: Partial<Timing> = FAST_TIMING): Promise<this> {
    this.emulator = await startEmulator({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, timing });
    await this.receiver.start();
    this.client = emulatorClient(this.emulator.url, ACCOUNT_SID, AUTH_TOKEN);
    return this;
  }

  async stop(): Promise<void> {
    await this.emulator?.close();
    await this.receiver.stop();
  }

  /** Between tests: emulator state, faults and config back to the start, receiver emptied. */
  async reset(): Promise<void> {
    await this.control('POST', '/reset');
    this.receiver.clear();
  }

  get accountUrl(): string {
    return `${this.emulator.url}/2010-04-01/Accounts/${ACCOUNT_SID}`;
  }

  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
    return controlJson<T>(this.emulator.url, method, path, body);
  }

  media(recordingSid: string, suffix = '.wav', init: RequestInit & { auth?: boolean } = {}): Promise<FetchedMedia> {
    const { auth = true, headers, ...rest } = init;
    return fetchBytes(`${this.accountUrl}/Recordings/${recordingSid}${suffix}`, {
      ...rest,
      headers: { ...(auth ? { Authorization: basicAuthHeader(ACCOUNT_SID, AUTH_TOKEN) } : {}), ...(headers as Record<string, string>) },
    });
  }

  /** Places a recorded call with every callback subscribed, to a fresh number unless `to` is given. */
  placeCall(extra: Partial<Parameters<twilio.Twilio['calls']['create']>[0]> = {}) {
    return this.client.calls.create({
      to: extra.to ?? randomNumber(),
      from: AGENT,
      url: 'https://example.com/twiml',
      statusCallback: this.receiver.url('/status'),
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      record: true,
      recordingStatusCallback: this.receiver.url('/recording'),
      recordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'],
      ...extra,
    });
  }

  async waitForCallStatus(callSid: string, status: string | string[], timeoutMs = 5000) {
    const wanted = Array.isArray(status) ? status : [status];
    return waitFor(
      async () => {
        const call = await this.client.calls(callSid).fetch();
        return wanted.includes(call.status) ? call : undefined;
      },
      `call ${callSid} to reach ${wanted.join('/')}`,
      timeoutMs,
    );
  }

  async waitForRecordingStatus(recordingSid: string, status: string, timeoutMs = 5000) {
    return waitFor(
      async () => {
        const rec = await this.client.recordings(recordingSid).fetch();
        return rec.status === status ? rec : undefined;
      },
      `recording ${recordingSid} to reach ${status}`,
      timeoutMs,
    );
  }

  /** A recorded call of exactly `seconds`, ended through the control API; resolves with its completed recording. */
  async recordedCall(seconds: number, extra: Parameters<Harness['placeCall']>[0] = {}) {
    const call = await this.placeCall(extra);
    const hangup = await this.control<{ recordingSid: string }>('POST', `/calls/${call.sid}/hangup`, { durationSeconds: seconds });
    const recording = await this.waitForRecordingStatus(hangup.json.recordingSid, 'completed');
    return { call, recording };
  }
}

let counter = 0;
/** Distinct valid E.164 numbers so tests never see each other's calls. */
export function randomNumber(): string {
  counter += 1;
  return `+1555${String(counter).padStart(7, '0')}`;
}
