import { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { RecordingJobsService } from '../../src/services/queues/recording-jobs.service';
import { recordingKey } from '../../src/services/storage/recording-store';
import { pauseProcess, resumeProcess, startApiProcess, stopProcess } from '../api-process';
import {
  describeRecording,
  downloadJobState,
  expectDeletedAtSource,
  expectStoredIntact,
  ownDatabase,
  partialFiles,
  recordedCall,
  setMediaFaults,
} from '../download-fixtures';
import { emulator, FaultSet } from '../emulator-control';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../test-app';

type Worker = ChildProcess & { output: () => string };

const SECONDS = 20; // a 20-second stereo WAV, about 640 kB: some 6 s at the media rate below
const MEDIA_RATE = 100_000;
// Worker 1's lock lapses three seconds after it is frozen, and a running worker's stalled check
// then hands its job to that worker.
const FIRST_WORKER = { APP_ROLE: 'worker', QUEUE_LOCK_MS: '3000', QUEUE_STALLED_CHECK_MS: '1000', DOWNLOAD_CONCURRENCY: '1' };
// Worker 2 is frozen in some tests too, to decide who ends first; its lock outlasts that pause,
// so worker 1 does not take the job back meanwhile (which would be a third run, not this story).
const SECOND_WORKER = { ...FIRST_WORKER, QUEUE_LOCK_MS: '60000' };

// Local-only (design 9.4 s3 tier): it waits on and counts partial writes in RECORDINGS_DIR/.incoming,
// which the store contract does not list (a bucket's partial writes are multipart uploads).
describe.each([false, true])('a download taken over from a frozen worker process (DELETE_AT_SOURCE=%s)', (deleteAtSource) => {
  let t: TestApp;
  let agent: TestUser;
  let admin: TestUser;
  let databaseUrl: string;
  const workers: Worker[] = [];

  beforeAll(async () => {
    databaseUrl = await ownDatabase(`duplicate_workers_${deleteAtSource}`);
    // This process only takes HTTP (calls, webhooks); downloads run in the worker processes.
    t = await startTestApp({ APP_ROLE: 'api', DATABASE_URL: databaseUrl, DELETE_AT_SOURCE: String(deleteAtSource) });
    agent = await createUser(t, 'AGENT');
    admin = await createUser(t, 'ADMIN');
  });
  beforeEach(() => emulator.reset());
  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      resumeProcess(worker);
      await stopProcess(worker, 'SIGKILL');
    }
    // A test that failed half-way may have left a killed worker's temporary object; the next
    // test counts temporary objects to know when its runs have their media.
    rmSync(join(t.config.recordingsDir, '.incoming'), { recursive: true, force: true });
  });
  afterAll(() => t.close());

  async function startWorker(env: Record<string, string>): Promise<Worker> {
    const worker = await startApiProcess(t.config, { ...env, DATABASE_URL: databaseUrl, DELETE_AT_SOURCE: String(deleteAtSource) });
    workers.push(worker);
    return worker;
  }

  async function waitForState<T>(recordingId: string, what: string, check: () => Promise<T | false>): Promise<T> {
    return waitFor(what, check, { timeoutMs: 60_000 }).catch(async (error: Error) => {
      const logs = workers.map((w, i) => `worker ${i + 1}:\n${w.output().slice(-2500)}`).join('\n');
      throw new Error(`${error.message}\n${await describeRecording(t, recordingId)}\n${logs}`);
    });
  }

  /**
   * A fenced-out run ends one of two ways: its media arrives and it finds its claim taken, or
   * its media connection does not survive the freeze (seen now and then: undici's "terminated")
   * and its failure is not its to record. Either way it neither stores nor marks the row.
   */
  function expectFencedOut(worker: Worker, since: number, sid: string): void {
    const output = worker.output().slice(since);
    expect(
      [`Lost the claim on ${sid}`, `A run of ${sid} that had lost its claim failed`].filter((end) => output.includes(end)),
    ).toHaveLength(1);
    expect(output).not.toContain(`Stored ${sid}`);
  }

  /** Waits for the worker to log the end of its run of `sid` (stored, lost its claim, or failed). */
  function runEnded(worker: Worker, since: number, sid: string, recordingId: string): Promise<true> {
    const ends = [`Stored ${sid}`, `Lost the claim on ${sid}`, `Download of ${sid} failed`];
    return waitForState(recordingId, `the run of ${sid} to end`, async () =>
      ends.some((end) => worker.output().slice(since).includes(end)),
    );
  }

  /**
   * The reproduction of issue 12: worker 1 takes the download and is frozen mid-way; worker 2
   * starts, takes the job over once worker 1's lock lapses, and claims the row with its own
   * media (`secondMedia`). Both runs then have a temporary object.
   */
  async function takeOver(secondMedia: FaultSet) {
    const to = `+1415555032${deleteAtSource ? 1 : 0}`;
    const first = await startWorker(FIRST_WORKER);
    const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to } });
    expect(placed.status).toBe(201);
    // The call's own faults, not the number's: they are read as each media request starts and
    // can be replaced for worker 2's request.
    await emulator.setCallFaults(placed.body.twilioCallSid, { mediaBytesPerSecond: MEDIA_RATE });
    await waitFor(
      'answered',
      async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: placed.body.id } })).status === 'in_progress',
    );
    await emulator.hangup(placed.body.twilioCallSid, SECONDS);
    const downloading = await waitFor('worker 1 to receive the media', async () => {
      const row = await t.prisma.recording.findFirst({ where: { callRecordId: placed.body.id } });
      return row?.status === 'DOWNLOADING' && partialFiles(t).length === 1 && row;
    });
    pauseProcess(first);
    await emulator.setCallFaults(placed.body.twilioCallSid, secondMedia);
    const second = await startWorker(SECOND_WORKER);
    // With fast media worker 2 may already have stored it (its temporary object renamed away)
    // by the time this looks: that is the state too.
    await waitForState(downloading.id, 'worker 2 to claim the row and receive the media', async () => {
      const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: downloading.id } });
      return row.attempts === 2 && (partialFiles(t).length === 2 || row.status === 'STORED');
    });
    const call = await t.prisma.callRecord.findUniqueOrThrow({ where: { id: placed.body.id } });
    const sid = downloading.twilioRecordingSid;
    return {
      first,
      second,
      recording: { recordingId: downloading.id, sid, storageKey: recordingKey(sid, t.config.recordingFormat, call.placedAt) },
    };
  }

  it('worker 2 stores while worker 1 is frozen; worker 1, continued, discards its own copy and leaves the stored one', async () => {
    const { first, recording } = await takeOver({});
    await waitForState(
      recording.recordingId,
      'worker 2 to finish the job',
      async () => (await downloadJobState(t, recording.sid)) === 'completed',
    );
    const since = first.output().length;
    resumeProcess(first);
    await runEnded(first, since, recording.sid, recording.recordingId);
    expectFencedOut(first, since, recording.sid);
    await expectStoredIntact(t, admin, recording);
    if (deleteAtSource) await expectDeletedAtSource(t, recording.recordingId, recording.sid);
  }, 180_000);

  it('worker 1, continued first, finds its claim taken and discards its copy; worker 2 then stores', async () => {
    const { first, second, recording } = await takeOver({ mediaBytesPerSecond: MEDIA_RATE });
    pauseProcess(second);
    const since = first.output().length;
    resumeProcess(first);
    await runEnded(first, since, recording.sid, recording.recordingId);
    expectFencedOut(first, since, recording.sid);
    resumeProcess(second);
    await waitForState(
      recording.recordingId,
      'worker 2 to finish the job',
      async () => (await downloadJobState(t, recording.sid)) === 'completed',
    );
    await expectStoredIntact(t, admin, recording);
    if (deleteAtSource) await expectDeletedAtSource(t, recording.recordingId, recording.sid);
  }, 180_000);

  it("worker 1's failure, after its claim was taken, leaves worker 2's row alone; worker 2 stores", async () => {
    const to = `+1415555033${deleteAtSource ? 1 : 0}`;
    // The row expects the wrong duration while worker 1 claims it, so worker 1's verification fails.
    const call = await recordedCall(t, agent, to, SECONDS, { rowDuration: SECONDS + 30 });
    await setMediaFaults(call, { mediaBytesPerSecond: MEDIA_RATE });
    const first = await startWorker(FIRST_WORKER);
    await t.app.get(RecordingJobsService).enqueueDownload({ recordingId: call.recordingId, twilioRecordingSid: call.sid });
    await waitForState(call.recordingId, 'worker 1 to receive the media', async () => {
      const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: call.recordingId } });
      return row.status === 'DOWNLOADING' && partialFiles(t).length === 1;
    });
    pauseProcess(first);
    // Put right before worker 2 claims, so only worker 1 checks against the wrong figure.
    await t.prisma.recording.update({ where: { id: call.recordingId }, data: { twilioDuration: call.twilioDuration } });
    const second = await startWorker(SECOND_WORKER);
    await waitForState(call.recordingId, 'worker 2 to claim the row and receive the media', async () => {
      const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: call.recordingId } });
      return row.attempts === 2 && partialFiles(t).length === 2;
    });
    pauseProcess(second);
    const since = first.output().length;
    resumeProcess(first);
    await runEnded(first, since, call.sid, call.recordingId);
    expect(first.output().slice(since)).toContain(`Download of ${call.sid} failed`);
    expect(first.output().slice(since)).toContain(`A run of ${call.sid} that had lost its claim failed`);
    // Still worker 2's: downloading under its claim, with no error of worker 1's on it.
    const during = await t.prisma.recording.findUniqueOrThrow({ where: { id: call.recordingId } });
    expect(during).toMatchObject({ status: 'DOWNLOADING', attempts: 2, lastError: null });
    expect(during.claimToken).not.toBeNull();
    resumeProcess(second);
    await waitForState(call.recordingId, 'worker 2 to finish the job', async () => (await downloadJobState(t, call.sid)) === 'completed');
    const row = await expectStoredIntact(t, admin, call);
    expect(row).toMatchObject({ attempts: 2, lastError: null, durationSeconds: SECONDS });
    if (deleteAtSource) await expectDeletedAtSource(t, call.recordingId, call.sid);
  }, 180_000);
});
