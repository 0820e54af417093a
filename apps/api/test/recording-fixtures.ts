import { CallOutcome } from '@callrec/contracts';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RecordingVault } from '../src/services/crypto/recording-vault';
import { recordingKey, StorageBackend } from '../src/services/storage/recording-store';
import { primaryBackend, putStoredObject, storedExists } from './stored-objects';
import { TestApp } from './test-app';

/** Objects written at once while seeding: enough to keep a bucket busy, few enough for its connections. */
const WRITE_CONCURRENCY = 16;

export interface StoredRecordingSpec {
  agentId: string;
  dataListId?: string | null;
  outcome?: CallOutcome | null;
  daysAgo: number;
  toNumber?: string;
  /** Size of the stored file; small random files when absent. */
  bytes?: number;
  /** The store it is in; the primary store (STORAGE_DRIVER) when absent. */
  storageBackend?: StorageBackend;
  /** Stored encrypted under a data key of its own (design 9.5); the app must have a KEK (testKeyring). */
  encrypted?: boolean;
}

export interface SeededRecording extends StoredRecordingSpec {
  id: string;
  callId: string;
  sha256: string;
  sizeBytes: number;
  storageKey: string;
  placedAt: Date;
  toNumber: string;
}

/**
 * Stored recordings with real objects in the primary store (local disk, or the bucket on the
 * s3 tier), written in bulk: calls of given ages, lists, outcomes and agents, as if the
 * pipeline had stored them (the pipeline itself is tested elsewhere).
 */
export async function seedStoredRecordings(t: TestApp, specs: StoredRecordingSpec[]): Promise<SeededRecording[]> {
  const seeded = specs.map((spec, i): SeededRecording => {
    const placedAt = new Date(Date.now() - spec.daysAgo * 86_400_000 - 3_600_000);
    const sid = `RE${randomBytes(16).toString('hex')}`;
    const body = randomBytes(spec.bytes ?? 200 + (i % 50));
    return {
      ...spec,
      id: randomUUID(),
      callId: randomUUID(),
      placedAt,
      // Random, so suites sharing the database never share a number (erasure works by number).
      toNumber: spec.toNumber ?? `+1${randomInt(2_000_000_000, 9_999_999_999)}`,
      sha256: createHash('sha256').update(body).digest('hex'),
      sizeBytes: body.length,
      storageKey: recordingKey(sid, 'wav', placedAt, spec.encrypted ?? false),
      body,
      sid,
    } as SeededRecording & { body: Buffer; sid: string };
  });
  const primary = primaryBackend(t);
  for (let i = 0; i < seeded.length; i += 1000) {
    const chunk = seeded.slice(i, i + 1000) as (SeededRecording & { body: Buffer; sid: string })[];
    await t.prisma.callRecord.createMany({
      data: chunk.map((r) => ({
        id: r.callId,
        agentId: r.agentId,
        dataListId: r.dataListId ?? null,
        outcome: r.outcome ?? null,
        placedAt: r.placedAt,
        fromNumber: '+15005550006',
        toNumber: r.toNumber,
        status: 'completed' as const,
        durationSeconds: 30,
        twilioCallSid: `CA${randomBytes(16).toString('hex')}`,
      })),
    });
    await t.prisma.recording.createMany({
      data: chunk.map((r) => ({
        id: r.id,
        callRecordId: r.callId,
        twilioRecordingSid: r.sid,
        status: 'STORED' as const,
        storageKey: r.storageKey,
        storageBackend: r.storageBackend ?? primary,
        sha256: r.sha256,
        sizeBytes: r.sizeBytes,
        durationSeconds: 30,
        channels: 2,
        mimeType: 'audio/wav',
        storedAt: r.placedAt,
        encrypted: r.encrypted ?? false,
      })),
    });
    for (const r of chunk.filter((c) => c.encrypted)) r.body = await sealed(t, r.id, r.body);
    for (let j = 0; j < chunk.length; j += WRITE_CONCURRENCY) {
      await Promise.all(
        chunk.slice(j, j + WRITE_CONCURRENCY).map((r) => putStoredObject(t, r.storageKey, r.body, r.storageBackend ?? primary)),
      );
    }
  }
  return seeded;
}

/** Seals a seeded recording's audio as the downloader does, saving its wrapped data key with the row. */
async function sealed(t: TestApp, recordingId: string, plaintext: Buffer): Promise<Buffer> {
  const vault = t.app.get(RecordingVault);
  const sealer = await vault.sealer(recordingId);
  if (!sealer) throw new Error('Seeding encrypted recordings needs an app started with a KEK (testKeyring)');
  const chunks: Buffer[] = [];
  await pipeline(
    Readable.from([plaintext]),
    sealer.transform,
    new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) }),
  );
  await t.prisma.$transaction((tx) => vault.saveKey(tx, recordingId, sealer.key));
  return Buffer.concat(chunks);
}

/** Rows and objects agree: nothing STORED without its object, nothing DELETED with one (each in the store its row names). */
export async function storageMismatches(t: TestApp, ids: string[]): Promise<string[]> {
  const rows = await t.prisma.recording.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, storageKey: true, storageBackend: true },
  });
  const mismatches: string[] = [];
  for (const row of rows) {
    const exists = row.storageKey !== null && (await storedExists(t, row.storageKey, row.storageBackend));
    if ((row.status === 'STORED' && !exists) || (row.status === 'DELETED' && exists)) mismatches.push(`${row.id} ${row.status}`);
  }
  return mismatches;
}
