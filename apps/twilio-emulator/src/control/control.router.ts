import express, { Router, type Request } from 'express';
import type { CallEngine } from '../calls/call-engine';
import { E164_PATTERN, parseTiming, type Timing } from '../config';
import { parseFaultSet, mergeFaults, type FaultSet } from '../faults/fault-set';
import type { EmulatorState } from '../store/state';

/** What the control API needs besides state: the engine for hang-ups and a full reset hook. */
export interface ControlContext {
  state: EmulatorState;
  engine: CallEngine;
  accountSid: string;
  resetAll(): void;
}

/** A 400 from the control API; rendered as `{ error, message }` JSON. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_HANGUP_SECONDS = 86_400;
/** The caller ID of a call placed through the control API when the test gives none. */
const UNSOLICITED_FROM = '+15005550006';

/** The emulator's own JSON API under `/_emulator`: config, faults, unsolicited calls, hang-ups, delivery log, reset. No auth. */
export function controlRouter(cc: ControlContext): Router {
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.get('/health', (_req, res) => {
    res.json({ ok: true, accountSid: cc.accountSid });
  });

  router.get('/config', (_req, res) => res.json(configView(cc.state)));

  router.put('/config', (req, res) => {
    const body = objectBody(req);
    const unknown = Object.keys(body).filter((k) => k !== 'timing' && k !== 'faults');
    if (unknown.length) throw new ControlError(400, `unknown config key(s): ${unknown.join(', ')} (allowed: timing, faults)`);
    let timing: Partial<Timing> = {};
    if (body['timing'] !== undefined) {
      const parsed = parseTiming(body['timing']);
      if ('error' in parsed) throw new ControlError(400, parsed.error);
      timing = parsed.value;
    }
    let faults = cc.state.globalFaults;
    if (body['faults'] !== undefined) {
      const parsed = parseFaultSet(body['faults'], { allowNull: true });
      if ('error' in parsed) throw new ControlError(400, parsed.error);
      faults = mergeFaults(faults, parsed.value);
      for (const key of parsed.cleared) delete faults[key];
    }
    cc.state.timing = { ...cc.state.timing, ...timing };
    cc.state.globalFaults = faults;
    res.json(configView(cc.state));
  });

  router.delete('/config', (_req, res) => {
    cc.state.resetConfig();
    res.json(configView(cc.state));
  });

  router.get('/numbers', (_req, res) => {
    res.json(Object.fromEntries(cc.state.numberFaults));
  });

  router.put('/numbers/:to', (req, res) => {
    const to = e164Param(req);
    cc.state.numberFaults.set(to, faultBody(req));
    res.json({ to, faults: cc.state.numberFaults.get(to) });
  });

  router.delete('/numbers/:to', (req, res) => {
    const to = e164Param(req);
    const existed = cc.state.numberFaults.delete(to);
    res.status(existed ? 200 : 404).json(existed ? { to, deleted: true } : { error: 'not_found', message: `no faults set for ${to}` });
  });

  router.post('/calls', (req, res) => {
    const body = objectBody(req);
    const unknown = Object.keys(body).filter((k) => !['to', 'from', 'durationSeconds', 'recordingChannels'].includes(k));
    if (unknown.length)
      throw new ControlError(400, `unknown call option(s): ${unknown.join(', ')} (allowed: to, from, durationSeconds, recordingChannels)`);
    const to = body['to'];
    const from = body['from'] ?? UNSOLICITED_FROM;
    if (typeof to !== 'string' || !E164_PATTERN.test(to)) throw new ControlError(400, 'to must be an E.164 number such as +15005550002');
    if (typeof from !== 'string' || !E164_PATTERN.test(from))
      throw new ControlError(400, 'from must be an E.164 number such as +15005550006');
    const d = body['durationSeconds'];
    if (typeof d !== 'number' || !Number.isFinite(d) || d < 0 || d > MAX_HANGUP_SECONDS) {
      throw new ControlError(400, `durationSeconds must be a number between 0 and ${MAX_HANGUP_SECONDS}`);
    }
    const channels = body['recordingChannels'] ?? 2;
    if (channels !== 1 && channels !== 2) throw new ControlError(400, 'recordingChannels must be 1 or 2');
    const call = cc.engine.placeUnsolicited({ to, from, durationSeconds: d, recordingChannels: channels });
    res.status(201).json({ callSid: call.sid, recordingSid: call.recordingSid, status: call.status, duration: call.durationSeconds });
  });

  router.get('/calls/:callSid/faults', (req, res) => {
    const call = mustCall(cc, req.params['callSid'] as string);
    res.json({ callSid: call.sid, faults: call.faults, effective: cc.engine.faultsFor(call.sid) });
  });

  router.put('/calls/:callSid/faults', (req, res) => {
    const call = mustCall(cc, req.params['callSid'] as string);
    call.faults = faultBody(req);
    res.json({ callSid: call.sid, faults: call.faults, effective: cc.engine.faultsFor(call.sid) });
  });

  router.post('/calls/:callSid/hangup', (req, res) => {
    const call = mustCall(cc, req.params['callSid'] as string);
    const body = req.body === undefined ? {} : objectBody(req);
    const unknown = Object.keys(body).filter((k) => k !== 'durationSeconds');
    if (unknown.length) throw new ControlError(400, `unknown hangup option(s): ${unknown.join(', ')}`);
    const d = body['durationSeconds'];
    if (d !== undefined && (typeof d !== 'number' || !Number.isFinite(d) || d < 0 || d > MAX_HANGUP_SECONDS)) {
      throw new ControlError(400, `durationSeconds must be a number between 0 and ${MAX_HANGUP_SECONDS}`);
    }
    const ended = cc.engine.hangup(call.sid, d as number | undefined);
    res.json({ callSid: ended.sid, status: ended.status, duration: ended.durationSeconds, recordingSid: ended.recordingSid });
  });

  router.get('/callbacks', (req, res) => {
    const callSid = typeof req.query['callSid'] === 'string' ? req.query['callSid'] : undefined;
    res.json(callSid ? cc.state.deliveryLog.filter((e) => e.callSid === callSid) : cc.state.deliveryLog);
  });

  router.post('/reset', (_req, res) => {
    cc.resetAll();
    res.json({ ok: true });
  });

  return router;
}

function configView(state: EmulatorState): { timing: Timing; faults: FaultSet } {
  return { timing: { ...state.timing }, faults: { ...state.globalFaults } };
}

function objectBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ControlError(400, 'the request body must be a JSON object (Content-Type: application/json)');
  }
  return body as Record<string, unknown>;
}

function faultBody(req: Request): FaultSet {
  const parsed = parseFaultSet(objectBody(req));
  if ('error' in parsed) throw new ControlError(400, parsed.error);
  return parsed.value;
}

function e164Param(req: Request): string {
  const to = req.params['to'] as string;
  if (!E164_PATTERN.test(to)) {
    throw new ControlError(400, `'${to}' is not an E.164 number; URL-encode the plus sign (%2B15005550002)`);
  }
  return to;
}

function mustCall(cc: ControlContext, callSid: string) {
  const call = cc.state.calls.get(callSid);
  if (!call) throw new ControlError(404, `unknown call ${callSid}`);
  return call;
}
