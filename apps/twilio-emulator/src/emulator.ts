import type { AddressInfo } from 'node:net';
import { CallbackDispatcher } from './callbacks/callback-dispatcher';
import { CallbackSender } from './callbacks/callback-sender';
import { CallEngine } from './calls/call-engine';
import { Scheduler } from './calls/scheduler';
import { ACCOUNT_SID_PATTERN, DEFAULT_TIMING, parseTiming, type EmulatorOptions, type Timing } from './config';
import { createApp } from './http/app';
import { MediaService } from './rest/media.service';
import { EmulatorState } from './store/state';
import type { FaultSet } from './faults/fault-set';

export type { EmulatorOptions, Timing } from './config';
export type { FaultSet } from './faults/fault-set';

export interface RunningEmulator {
  /** where the server listens, with the real port (also for port 0) */
  url: string;
  close(): Promise<void>;
}

/** Starts a Twilio stand-in on `port` (0 = ephemeral). Nothing here reads the environment. */
export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  if (!ACCOUNT_SID_PATTERN.test(opts.accountSid)) {
    throw new Error(`accountSid must be 'AC' followed by 32 hex digits, got '${opts.accountSid}'`);
  }
  if (!opts.authToken) throw new Error('authToken is required');
  const timingOverrides = parseTiming(opts.timing ?? {});
  if ('error' in timingOverrides) throw new Error(timingOverrides.error);
  const baseline: Timing = { ...DEFAULT_TIMING, ...timingOverrides.value };

  const host = opts.host ?? '127.0.0.1';
  const onError = (err: unknown) => console.error('[twilio-emulator]', err);
  const closing = new AbortController();
  const state = new EmulatorState(baseline);
  const scheduler = new Scheduler(onError);
  const sender = new CallbackSender(opts.authToken, state);
  // The dispatcher and media need the engine's fault view, but the engine needs the dispatcher: a closure breaks the cycle.
  const faultsFor = (callSid: string): FaultSet => engine.faultsFor(callSid);
  const dispatcher = new CallbackDispatcher(sender, scheduler, faultsFor);
  const media = new MediaService(faultsFor, closing.signal);
  const resource = { accountSid: opts.accountSid, publicUrl: '' };
  const engine = new CallEngine(state, scheduler, dispatcher, resource);

  const resetAll = () => {
    engine.reset();
    sender.abortAll();
    media.clear();
    state.clearAll();
  };
  const app = createApp(
    { state, engine, media, resource },
    { state, engine, accountSid: opts.accountSid, resetAll },
    opts.authToken,
    onError,
  );

  const server = app.listen(opts.port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  resource.publicUrl = (opts.publicUrl ?? url).replace(/\/+$/, '');

  let closed: Promise<void> | undefined;
  return {
    url,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        scheduler.clearAll();
        sender.close();
        media.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
