import { Router } from 'express';
import { badParam, notFound, TwilioHttpError } from '../errors';
import { single, toParams } from '../http/params';
import { listPage } from '../http/paging';
import { FINAL_CALL_STATUSES, type CallRecord, type RecordingRecord } from '../store/state';
import { accountPath, callToJson, recordingToJson } from '../twilio-json';
import { parseCreateCall } from './create-call-params';
import { dateRange, inRange, newestFirst } from './filters';
import { pathOf, stripJson, type RestContext } from './rest-context';

const CALL_FILTERS = ['To', 'From', 'Status', 'ParentCallSid', 'StartTime', 'StartTime>', 'StartTime<', 'EndTime', 'EndTime>', 'EndTime<'];
const CALL_RECORDING_FILTERS = ['DateCreated', 'DateCreated>', 'DateCreated<'];

/** `/Calls.json`, `/Calls/{Sid}.json` and the call-scoped Recordings list/fetch/delete. */
export function callsRouter(rc: RestContext): Router {
  const router = Router();
  const base = () => `${accountPath(rc.resource.accountSid)}/Calls`;

  router.post('/Calls.json', (req, res) => {
    const call = rc.engine.create(parseCreateCall(toParams(req.body)));
    const lostAnswer = rc.engine.faultsFor(call.sid).createCallResponse;
    if (lostAnswer === 'reset') {
      req.socket.destroy();
      return;
    }
    if (lostAnswer === 'error') {
      throw new TwilioHttpError(500, 20500, 'An internal server error has occurred');
    }
    res.status(201).json(callToJson(call, rc.resource));
  });

  router.get('/Calls.json', (req, res) => {
    const params = toParams(req.query);
    const to = single(params, 'To');
    const from = single(params, 'From');
    const status = single(params, 'Status');
    const parent = single(params, 'ParentCallSid');
    const started = dateRange(params, 'StartTime');
    const ended = dateRange(params, 'EndTime');
    const calls = newestFirst(rc.state.calls.values()).filter(
      (c) =>
        (to === undefined || c.to === to) &&
        (from === undefined || c.from === from) &&
        (status === undefined || c.status === status) &&
        parent === undefined &&
        inRange(c.startTime, started) &&
        inRange(c.endTime, ended),
    );
    const page = listPage(calls, params, { path: `${base()}.json`, key: 'calls', filterKeys: CALL_FILTERS });
    page['calls'] = (page['calls'] as CallRecord[]).map((c) => callToJson(c, rc.resource));
    res.json(page);
  });

  router.get('/Calls/:file', (req, res) => {
    res.json(callToJson(findCall(rc, req.params.file, pathOf(req)), rc.resource));
  });

  router.post('/Calls/:file', (req, res) => {
    const call = findCall(rc, req.params.file, pathOf(req));
    const params = toParams(req.body);
    const status = single(params, 'Status');
    const redirects = single(params, 'Url') !== undefined || single(params, 'Twiml') !== undefined;
    if (status !== undefined && status !== 'completed' && status !== 'canceled') {
      throw badParam('Status must be completed or canceled');
    }
    if (status) {
      rc.engine.updateStatus(call.sid, status);
    } else if (redirects && FINAL_CALL_STATUSES.has(call.status)) {
      throw new TwilioHttpError(400, 21220, 'Call is not in-progress. Cannot redirect.');
    }
    // New Url/Twiml on a live call is accepted and ignored: the emulator does not execute TwiML.
    res.json(callToJson(call, rc.resource));
  });

  router.get('/Calls/:callSid/Recordings.json', (req, res) => {
    const params = toParams(req.query);
    const created = dateRange(params, 'DateCreated');
    const recs = newestFirst(rc.state.recordings.values()).filter((r) => r.callSid === req.params.callSid && inRange(r.createdAt, created));
    const page = listPage(recs, params, {
      path: `${base()}/${req.params.callSid}/Recordings.json`,
      key: 'recordings',
      filterKeys: CALL_RECORDING_FILTERS,
    });
    page['recordings'] = (page['recordings'] as RecordingRecord[]).map((r) => recordingToJson(r, rc.resource, { callScoped: true }));
    res.json(page);
  });

  router.get('/Calls/:callSid/Recordings/:file', (req, res) => {
    const rec = findCallRecording(rc, req.params.callSid, req.params.file, pathOf(req));
    res.json(recordingToJson(rec, rc.resource, { callScoped: true }));
  });

  router.delete('/Calls/:callSid/Recordings/:file', (req, res) => {
    const rec = findCallRecording(rc, req.params.callSid, req.params.file, pathOf(req));
    rc.state.recordings.delete(rec.sid);
    rc.media.dropRecording(rec.sid);
    res.status(204).end();
  });

  return router;
}

function findCall(rc: RestContext, file: string, path: string): CallRecord {
  const sid = stripJson(file);
  const call = sid ? rc.state.calls.get(sid) : undefined;
  if (!call) throw notFound(path);
  return call;
}

function findCallRecording(rc: RestContext, callSid: string, file: string, path: string): RecordingRecord {
  const sid = stripJson(file);
  const rec = sid ? rc.state.recordings.get(sid) : undefined;
  if (!rec || rec.callSid !== callSid) throw notFound(path);
  return rec;
}
