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
  callbacks: (callSid: string) =>
    control('GET', `/callbacks?callSid=${callSid}`) as Promise<{ kind: string; event: string; httpStatus?: number }[]>,
};
