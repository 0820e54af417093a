import { createHash } from 'node:crypto';
import { RecordingDownloader } from '../src/app/recordings/download/recording.downloader';
import { recordedCall } from './download-fixtures';
import { TestApp, TestUser } from './test-app';

export interface StoredCall {
  recordingId: string;
  /** The plaintext the API served right after it was stored. */
  audio: Buffer;
  sha256: string;
  storageKey: string;
}

/**
 * A call recorded at the emulator and stored by `t`'s own downloader (no worker involved):
 * encrypted when `t` has ENCRYPTION_KEYS, in the clear otherwise. Returns what the API serves.
 */
export async function storedCall(t: TestApp, agent: TestUser, reader: TestUser, to: string, seconds = 2): Promise<StoredCall> {
  const call = await recordedCall(t, agent, to, seconds);
  const outcome = await t.app.get(RecordingDownloader).download(call.recordingId);
  if (outcome !== 'stored') throw new Error(`The download of ${call.recordingId} ended ${outcome}`);
  const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: call.recordingId } });
  const audio = await downloadAudio(t, reader, call.recordingId);
  return { recordingId: call.recordingId, audio, sha256: row.sha256 as string, storageKey: row.storageKey as string };
}

/** The recording's bytes as the API's download serves them. */
export async function downloadAudio(t: Pick<TestApp, 'url'>, reader: TestUser, recordingId: string): Promise<Buffer> {
  const response = await fetch(`${t.url}/api/recordings/${recordingId}/download`, { headers: { authorization: `Bearer ${reader.token}` } });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`Downloading ${recordingId} answered ${response.status}: ${body.toString()}`);
  return body;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What a WAV file starts with: an encrypted object must not. */
export function looksLikeWav(bytes: Buffer): boolean {
  return bytes.subarray(0, 4).toString('latin1') === 'RIFF' || bytes.includes(Buffer.from('WAVEfmt', 'latin1'));
}
