import { CallOutcome } from '@callrec/contracts';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { recordingKey } from '../src/services/storage/recording-store';
import { TestApp } from './test-app';

export interface StoredRecordingSpec {
  agentId: string;
  dataListId?: string | null;
  outcome?: CallOutcome | null;
  daysAgo: number;
  toNumber?: string;
  /** Size of the stored file; small random files when absent. */
  bytes?: number;
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
 * Stored recordings with real files, written in bulk: calls of given ages, lists, outcomes
 * and agents, as if the pipeline had stored them (the pipeline itself is tested elsewhere).
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
      storageKey: recordingKey(sid, 'wav', placedAt),
      body,
      sid,
    } as SeededRecording & { body: Buffer; sid: string };
  });
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
        sha256: r.sha256,
        sizeBytes: r.sizeBytes,
        durationSeconds: 30,
        channels: 2,
        mimeType: 'audio/wav',
        storedAt: r.placedAt,
      })),
    });
    for (const r of chunk) {
      const path = join(t.config.recordingsDir, r.storageKey);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, r.body);
    }
  }
  return seeded;
}

/** Rows and files agree: nothing STORED without its file, nothing DELETED with one. */
export async function storageMismatches(t: TestApp, ids: string[]): Promise<string[]> {
  const rows = await t.prisma.recording.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, storageKey: true } });
  return rows
    .filter((row) => {
      const exists = row.storageKey !== null && existsSync(join(t.config.recordingsDir, row.storageKey));
      return (row.status === 'STORED' && !exists) || (row.status === 'DELETED' && exists);
    })
    .map((row) => `${row.id} ${row.status}`);
}
