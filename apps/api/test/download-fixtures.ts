import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { downloadJobId, QUEUE } from '../src/services/queues/queues.constants';
import { recordingKey } from '../src/services/storage/recording-store';
import { TwilioService } from '../src/services/twilio/twilio.service';
import { emulator, FaultSet } from './emulator-control';
import { recreateDatabase } from './global-setup';
import { storedExists, storedSha256, storesOf, storesOnLocalDisk } from './stored-objects';
import { TEST_DATABASE_URL } from './test-config';
import { api, TestApp, TestUser, waitFor } from './test-app';

/**
 * A database of a suite's own, recreated from the migrations: the storage check covers every
 * row, so no other suite's rows (whose files live in other directories) may be in it. Named
 * after the tier's database, so runs against different TEST_DATABASE_URLs never share it.
 */
export async function ownDatabase(suffix: string): Promise<string> {
  const databaseUrl = TEST_DATABASE_URL.replace(/\/([^/]+)$/, `/$1_${suffix}`);
  await recreateDatabase(databaseUrl);
  return databaseUrl;
}

export interface RecordedCall {
  callId: string;
  twilioCallSid: string;
  recordingId: string;
  sid: string;
  /** Where a stored copy goes. */
  storageKey: string;
  twilioDuration: number;
}

/**
 * A completed recording at the emulator with its PENDING row, made without callbacks: the
 * emulator drops them, so no webhook job is queued for a worker to turn into a download of
 * its own; the test decides who downloads and when. `rowDuration` overrides the duration the
 * row expects (to make a run's verification fail).
 */
export async function recordedCall(
  t: TestApp,
  agent: TestUser,
  to: string,
  seconds: number,
  { rowDuration }: { rowDuration?: number } = {},
): Promise<RecordedCall> {
  await emulator.setNumberFaults(to, { dropCallbacks: ['*'] });
  const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to } });
  if (placed.status !== 201) throw new Error(`Placing the call failed: ${placed.status} ${JSON.stringify(placed.body)}`);
  const ended = (await emulator.hangup(placed.body.twilioCallSid, seconds)) as { recordingSid: string };
  const twilio = t.app.get(TwilioService);
  const remote = await waitFor('the recording to complete at the emulator', async () => {
    const item = await twilio.client.recordings(ended.recordingSid).fetch();
    return item.status === 'completed' && item;
  });
  const call = await t.prisma.callRecord.findUniqueOrThrow({ where: { id: placed.body.id } });
  const twilioDuration = Number(remote.duration);
  const row = await t.prisma.recording.create({
    data: {
      callRecordId: call.id,
      twilioRecordingSid: remote.sid,
      status: 'PENDING',
      channels: remote.channels,
      twilioDuration: rowDuration ?? twilioDuration,
    },
  });
  return {
    callId: call.id,
    twilioCallSid: placed.body.twilioCallSid,
    recordingId: row.id,
    sid: remote.sid,
    storageKey: recordingKey(remote.sid, t.config.recordingFormat, call.placedAt),
    twilioDuration,
  };
}

/**
 * Media faults for the call's next media request. Per call, because the emulator reads them
 * when a request starts (a number's faults are copied into a call when it is placed).
 */
export function setMediaFaults(call: RecordedCall, faults: FaultSet): Promise<unknown> {
  return emulator.setCallFaults(call.twilioCallSid, faults);
}

/**
 * Temporary objects of downloads under way (one per run that has its media response). Local
 * disk only: the store contract does not list partial writes (a bucket's are multipart uploads),
 * so specs that count them are local-only.
 */
export function partialFiles(t: TestApp): string[] {
  const incoming = join(t.config.recordingsDir, '.incoming');
  return existsSync(incoming) ? readdirSync(incoming) : [];
}

/** The state of a recording's Bull download job, as the queue sees it. */
export async function downloadJobState(t: TestApp, sid: string): Promise<string | null> {
  const queue = t.app.get<Queue>(getQueueToken(QUEUE.recordings), { strict: false });
  const job = await queue.getJob(downloadJobId(sid));
  return job ? job.getState() : null;
}

/** Row, object and partial writes, for a failure message that says what happened. */
export async function describeRecording(t: TestApp, recordingId: string): Promise<string> {
  const row = await t.prisma.recording.findUnique({ where: { id: recordingId } });
  const present = row?.storageKey ? await storedExists(t, row.storageKey, row.storageBackend) : 'no key';
  return `row: ${JSON.stringify(row)}\nobject present: ${present}\npartial files: ${partialFiles(t).join(', ') || 'none'}`;
}

/**
 * What must hold after any number of runs of one download: one STORED row whose object is at
 * its key with the row's hash, no temporary object left, and a clean storage check.
 */
export async function expectStoredIntact(
  t: TestApp,
  admin: TestUser,
  recording: RecordedCall | { recordingId: string; storageKey: string },
) {
  const rows = await t.prisma.recording.findMany({ where: { id: recording.recordingId } });
  expect(rows).toHaveLength(1);
  const row = rows[0];
  expect(row).toMatchObject({ status: 'STORED', storageKey: recording.storageKey, claimToken: null });
  expect(row.storageBackend).toBe(storesOf(t).primary.backend);
  expect(await storedSha256(t, recording.storageKey, row.storageBackend)).toBe(row.sha256);
  // Partial writes are countable on disk only (see partialFiles); on a bucket the storage check covers the rest.
  if (storesOnLocalDisk(t)) expect(partialFiles(t)).toEqual([]);
  const check = await api(t, '/api/health/storage', { token: admin.token });
  expect(check.status).toBe(200);
  expect(check.body).toMatchObject({ ok: true, missingOrWrongSize: [], notDeleted: [], orphanFiles: [] });
  return row;
}

/** Twilio's copy is gone once the run that stored the recording has deleted it at the source. */
export async function expectDeletedAtSource(t: TestApp, recordingId: string, sid: string): Promise<void> {
  const row = await waitFor('the Twilio copy to be deleted', async () => {
    const current = await t.prisma.recording.findUniqueOrThrow({ where: { id: recordingId } });
    return current.deletedAtSource !== null && current;
  });
  expect(row.status).toBe('STORED');
  await expect(t.app.get(TwilioService).client.recordings(sid).fetch()).rejects.toMatchObject({ status: 404 });
}
