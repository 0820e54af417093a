import { DownloadOutcome, RecordingDownloader } from '../../src/app/recordings/download/recording.downloader';
import { TwilioService } from '../../src/services/twilio/twilio.service';
import { expectDeletedAtSource, expectStoredIntact, ownDatabase, partialFiles, recordedCall, setMediaFaults } from '../download-fixtures';
import { emulator } from '../emulator-control';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../test-app';
import { storedExists } from '../stored-objects';

const NUMBER = '+14155550311';
// A 6-second stereo WAV is about 192 kB; the rates below give each run a known lower bound on
// how long its media takes, which is what orders the two runs' ends.
const SECONDS = 6;
const FAST = 96_000; // about 2 s
const SLOW = 24_000; // about 8 s

interface TrackedRun {
  promise: Promise<DownloadOutcome>;
  settled: boolean;
}

const started: TrackedRun[] = [];

/** A run whose end the test can look at without awaiting it. */
function track(run: Promise<DownloadOutcome>): TrackedRun {
  const tracked: TrackedRun = { promise: run, settled: false };
  started.push(tracked);
  tracked.promise = run.finally(() => (tracked.settled = true));
  // Awaited later; a rejection before then is not "unhandled".
  tracked.promise.catch(() => undefined);
  return tracked;
}

/** Waits until `run` has its media response (its temporary object exists); a run that ended instead says why. */
async function mediaStarted(t: TestApp, run: TrackedRun, partials: number, what: string): Promise<void> {
  await waitFor(what, async () => {
    if (run.settled) throw new Error(`the run ended before its media arrived: ${await run.promise.catch((error: Error) => error.message)}`);
    return partialFiles(t).length === partials;
  });
}

// Local-only (design 9.4 s3 tier): it counts partial writes in RECORDINGS_DIR/.incoming, which the
// store contract does not list (a bucket's partial writes are multipart uploads).
describe.each([false, true])('two runs of one download in one process (DELETE_AT_SOURCE=%s)', (deleteAtSource) => {
  let t: TestApp;
  let agent: TestUser;
  let admin: TestUser;
  let downloader: RecordingDownloader;

  beforeAll(async () => {
    const databaseUrl = await ownDatabase(`duplicate_${deleteAtSource}`);
    // APP_ROLE=api: no Bull worker in this process, so the only downloads are the test's own.
    t = await startTestApp({ APP_ROLE: 'api', DATABASE_URL: databaseUrl, DELETE_AT_SOURCE: String(deleteAtSource) });
    agent = await createUser(t, 'AGENT');
    admin = await createUser(t, 'ADMIN');
    downloader = t.app.get(RecordingDownloader);
  });
  beforeEach(() => emulator.reset());
  // A failed test leaves no run behind to disturb the next one.
  afterEach(() => Promise.allSettled(started.splice(0).map((run) => run.promise)));
  afterAll(() => t.close());

  const attempts = async (id: string) => (await t.prisma.recording.findUniqueOrThrow({ where: { id } })).attempts;

  it('the first run, ending first, finds its claim taken and discards its copy; the second stores the recording', async () => {
    const call = await recordedCall(t, agent, NUMBER, SECONDS);
    await setMediaFaults(call, { mediaBytesPerSecond: FAST });
    const first = track(downloader.download(call.recordingId));
    // Its media response has begun (its temporary object exists), so its rate is fixed.
    await mediaStarted(t, first, 1, 'the first run to receive its media');
    await setMediaFaults(call, { mediaBytesPerSecond: SLOW });
    const second = track(downloader.download(call.recordingId));
    await waitFor('the second run to claim the row', async () => (await attempts(call.recordingId)) === 2);

    expect(await first.promise).toBe('skipped');
    expect(second.settled).toBe(false);
    expect(await second.promise).toBe('stored');
    const row = await expectStoredIntact(t, admin, call);
    expect(row.attempts).toBe(2);
    if (deleteAtSource) await expectDeletedAtSource(t, call.recordingId, call.sid);
  }, 90_000);

  it('the second run, ending first, stores the recording; the first then discards its own copy and leaves the stored one', async () => {
    const call = await recordedCall(t, agent, NUMBER, SECONDS);
    await setMediaFaults(call, { mediaBytesPerSecond: SLOW });
    const first = track(downloader.download(call.recordingId));
    await mediaStarted(t, first, 1, 'the first run to receive its media');
    await setMediaFaults(call, {});
    const second = track(downloader.download(call.recordingId));

    expect(await second.promise).toBe('stored');
    expect(first.settled).toBe(false);
    expect(await first.promise).toBe('skipped');
    const row = await expectStoredIntact(t, admin, call);
    expect(row.attempts).toBe(2);
    if (deleteAtSource) await expectDeletedAtSource(t, call.recordingId, call.sid);
  }, 90_000);

  it('a run whose recording is erased before it is stored discards its copy and leaves the row DELETED', async () => {
    const call = await recordedCall(t, agent, NUMBER, SECONDS);
    await setMediaFaults(call, { mediaBytesPerSecond: FAST });
    const run = track(downloader.download(call.recordingId));
    await mediaStarted(t, run, 1, 'the run to receive its media');
    // What an erasure does to a recording that is not stored yet: no claim is left on it.
    await t.prisma.$executeRaw`
      UPDATE "Recording" SET status = 'DELETED', "claimToken" = NULL, "deletedAt" = now(), "deletedBy" = 'erasure:test', "updatedAt" = now()
      WHERE id = ${call.recordingId}::uuid`;

    expect(await run.promise).toBe('skipped');
    const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: call.recordingId } });
    expect(row).toMatchObject({ status: 'DELETED', storageKey: null, sha256: null, claimToken: null, deletedAtSource: null });
    expect(await storedExists(t, call.storageKey)).toBe(false);
    expect(partialFiles(t)).toEqual([]);
    const check = await api(t, '/api/health/storage', { token: admin.token });
    expect(check.body).toMatchObject({ orphanFiles: [], notDeleted: [] });
    // Only a run that stored the recording deletes Twilio's copy (erasure deletes it its own way).
    await expect(t.app.get(TwilioService).client.recordings(call.sid).fetch()).resolves.toMatchObject({ sid: call.sid });
  }, 90_000);
});
