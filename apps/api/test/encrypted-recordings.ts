import { randomInt } from 'node:crypto';
import { Recording } from '../src/generated/prisma/client';
import { RecordingDownloader } from '../src/app/recordings/download/recording.downloader';
import { KeyEncryption } from '../src/services/crypto/key-encryption';
import { TwilioService } from '../src/services/twilio/twilio.service';
import { recordedCall } from './download-fixtures';
import { testKek } from './test-keys';
import { TestApp, TestUser } from './test-app';

/** A STORED row downloaded from the emulator, and the plaintext media the emulator served for it. */
export interface DownloadedRecording {
  row: Recording & { storageKey: string; sha256: string; sizeBytes: number };
  plain: Buffer;
}

/**
 * A call of `seconds` recorded at the emulator and downloaded by `downloader`'s own pipeline
 * (its keyring decides whether the object is sealed), with the media the emulator serves for it,
 * fetched as the downloader fetches it. Callbacks are dropped, so no worker downloads it on its own.
 */
export async function downloadedRecording(
  t: TestApp,
  agent: TestUser,
  seconds: number,
  downloader: TestApp = t,
): Promise<DownloadedRecording> {
  const call = await recordedCall(t, agent, `+1415${randomInt(1_000_000, 9_999_999)}`, seconds);
  await downloader.app.get(RecordingDownloader).download(call.recordingId, { finalAttempt: true });
  const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: call.recordingId } });
  if (row.status !== 'STORED' || !row.storageKey || !row.sha256 || row.sizeBytes === null) {
    throw new Error(`The download of ${call.sid} did not store it: ${JSON.stringify(row)}`);
  }
  const twilio = t.app.get(TwilioService);
  const channels = row.channels === 2 ? '?RequestedChannels=2' : '';
  const media = await fetch(`${twilio.mediaUrl(call.sid, 'wav')}${channels}`, { headers: { authorization: twilio.basicAuthHeader() } });
  if (!media.ok) throw new Error(`The emulator did not serve ${call.sid}: ${media.status}`);
  return { row: row as DownloadedRecording['row'], plain: Buffer.from(await media.arrayBuffer()) };
}

/**
 * Settings that point another test app at `t`'s store (its recordings directory, or its bucket
 * on the s3 tier), as replicas of one deployment share one store.
 */
export function sameStoreAs(t: TestApp): Record<string, string> {
  return { RECORDINGS_DIR: t.config.recordingsDir, ...(t.config.s3 ? { S3_BUCKET: t.config.s3.bucket } : {}) };
}

/**
 * Every form in which key material of a recording could leak into an answer: the KEKs' bytes
 * (base64 and hex), and the recording's wrapped and unwrapped data key (base64 and hex).
 */
export async function keyMaterial(t: TestApp, recordingId: string, kekIds: string[]): Promise<string[]> {
  const forms = (bytes: Buffer) => [bytes.toString('base64'), bytes.toString('hex'), bytes.toString('base64url')];
  const keks = kekIds.map((id) => Buffer.from(testKek(id).split(':')[1], 'base64'));
  const key = await t.prisma.recordingKey.findUniqueOrThrow({ where: { recordingId } });
  const wrapped = Buffer.from(key.wrappedDek);
  const dek = await t.app.get(KeyEncryption).unwrap({ kekId: key.kekId, wrapped }, recordingId);
  return [...keks, wrapped, dek].flatMap(forms);
}
