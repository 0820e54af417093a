import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { withClient } from './db.mjs';

/**
 * A keyring for one bench run (design 9.5): one KEK drawn with crypto.randomBytes, handed to
 * the API as ENCRYPTION_KEYS. Only its id is ever printed or written to results; the bytes live
 * in this process and the API's environment, and die with the run (as do its recordings).
 */
export function benchKeyring() {
  const kekId = `bench-${randomBytes(3).toString('hex')}`;
  return { kekId, apiEnv: { ENCRYPTION_KEYS: `${kekId}:${randomBytes(32).toString('base64')}` } };
}

/** The stored object's first bytes of an unencrypted WAV or MP3 (RIFF, ID3). */
const AUDIO_MAGIC = ['RIFF', 'ID3'];

/**
 * Checks that the recordings of `database` were stored encrypted under `kekId`, as the product
 * does it: every STORED row `encrypted`, its key ending in `.enc`, one RecordingKey row under
 * the bench KEK with a wrapped DEK; with `recordingsDir` (a LOCAL store) each file also exists
 * with the sealed size and begins with the chunked-GCM header, not audio. Throws on the first
 * problem; returns counts for the results' details. `only`: just these recording ids.
 */
export async function assertStoredEncrypted(database, { kekId, recordingsDir, only = null }) {
  const rows = await withClient(
    database,
    async (c) =>
      (
        await c.query(
          `SELECT r.id, r."storageKey", r."sizeBytes", r.encrypted, k."kekId", octet_length(k."wrappedDek") AS wrapped
           FROM "Recording" r LEFT JOIN "RecordingKey" k ON k."recordingId" = r.id
           WHERE r.status = 'STORED' AND ($1::uuid[] IS NULL OR r.id = ANY($1::uuid[]))`,
          [only],
        )
      ).rows,
  );
  const problems = [];
  for (const row of rows) {
    if (!row.encrypted) problems.push(`${row.id} is not marked encrypted`);
    else if (!row.storageKey.endsWith('.enc')) problems.push(`${row.id} is stored under ${row.storageKey}, not a .enc key`);
    else if (row.kekId !== kekId || !(row.wrapped > 0)) problems.push(`${row.id} has no RecordingKey under ${kekId}`);
    else if (recordingsDir) {
      const bytes = readFileSync(`${recordingsDir}/${row.storageKey}`);
      const start = bytes.subarray(0, 8).toString('latin1');
      if (bytes.length !== sealedSize(Number(row.sizeBytes)))
        problems.push(`${row.storageKey} holds ${bytes.length} bytes, not the sealed size`);
      else if (!start.startsWith('CRGCM') || AUDIO_MAGIC.some((m) => start.startsWith(m))) problems.push(`${row.storageKey} is not sealed`);
    }
    if (problems.length > 0) break;
  }
  if (rows.length === 0) problems.push('no STORED recording to check');
  if (problems.length > 0) throw new Error(`recordings not stored encrypted: ${problems[0]}`);
  return { storedEncrypted: rows.length, recordingKeys: rows.length, kekId };
}

/** chunked-gcm.ts's sealedSize, for the check above (16-byte header, 64 KiB chunks, 28 bytes each). */
export function sealedSize(plainSize) {
  const chunks = plainSize === 0 ? 1 : Math.ceil(plainSize / (64 * 1024));
  return 16 + plainSize + chunks * 28;
}
