import { Router } from 'express';
import { notFound } from '../errors';
import { single, toParams } from '../http/params';
import { listPage } from '../http/paging';
import type { RecordingRecord } from '../store/state';
import { accountPath, recordingToJson } from '../twilio-json';
import { dateRange, inRange, newestFirst } from './filters';
import type { MediaFormat } from './media.service';
import { pathOf, type RestContext } from './rest-context';

const RECORDING_FILTERS = ['CallSid', 'ConferenceSid', 'DateCreated', 'DateCreated>', 'DateCreated<'];

/** `Recordings/{Sid}` with an extension picks the representation; none means WAV, like Twilio. */
function parseFile(file: string): { sid: string; kind: 'json' | MediaFormat } {
  const m = /^(.*?)(?:\.(json|wav|mp3))?$/.exec(file) as RegExpExecArray;
  const ext = m[2];
  return { sid: m[1], kind: ext === 'json' ? 'json' : ext === 'mp3' ? 'mp3' : 'wav' };
}

/** Account-level `/Recordings.json`, `/Recordings/{Sid}.json` and the media URLs. */
export function recordingsRouter(rc: RestContext): Router {
  const router = Router();

  router.get('/Recordings.json', (req, res) => {
    const params = toParams(req.query);
    const callSid = single(params, 'CallSid');
    const conferenceSid = single(params, 'ConferenceSid');
    const created = dateRange(params, 'DateCreated');
    const recs = newestFirst(rc.state.recordings.values()).filter(
      (r) => (callSid === undefined || r.callSid === callSid) && conferenceSid === undefined && inRange(r.createdAt, created),
    );
    const page = listPage(recs, params, {
      path: `${accountPath(rc.resource.accountSid)}/Recordings.json`,
      key: 'recordings',
      filterKeys: RECORDING_FILTERS,
    });
    page['recordings'] = (page['recordings'] as RecordingRecord[]).map((r) => recordingToJson(r, rc.resource));
    res.json(page);
  });

  // GET also answers HEAD (express routes HEAD to GET handlers), which media clients use.
  router.get('/Recordings/:file', async (req, res) => {
    const { sid, kind } = parseFile(req.params.file);
    const rec = rc.state.recordings.get(sid);
    if (kind === 'json') {
      if (!rec) throw notFound(pathOf(req));
      res.json(recordingToJson(rec, rc.resource));
      return;
    }
    await rc.media.serve(req, res, rec, kind);
  });

  router.delete('/Recordings/:file', (req, res) => {
    const { sid } = parseFile(req.params.file);
    if (!rc.state.recordings.has(sid)) throw notFound(pathOf(req));
    rc.state.recordings.delete(sid);
    rc.media.dropRecording(sid);
    res.status(204).end();
  });

  return router;
}
