import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RecordingStore, StorageBackend } from '../src/services/storage/recording-store';
import { RecordingStores } from '../src/services/storage/recording-stores';
import { testConfig } from './test-config';
import { TestApp } from './test-app';

/**
 * Recording objects as the app's own stores see them, so the same spec runs on local disk and
 * on the S3 tier (testConfig sets STORAGE_DRIVER there). Child processes started from the same
 * config write to the same store, so the test app's stores see their objects too. `backend`
 * is what a row says (null: LOCAL, as RecordingStores reads it); absent, the primary store.
 */
export function storesOf(t: TestApp): RecordingStores {
  return t.app.get(RecordingStores);
}

function storeOf(t: TestApp, backend?: StorageBackend | null): RecordingStore {
  const stores = storesOf(t);
  return backend === undefined ? stores.primary : stores.of(backend);
}

/** What new recordings' rows say: LOCAL on the normal tier, S3 on the s3 tier. */
export function primaryBackend(t: TestApp): StorageBackend {
  return storesOf(t).primary.backend;
}

/** True when the primary store is the local disk: checks about files on disk hold only there. */
export function storesOnLocalDisk(t: TestApp): boolean {
  return primaryBackend(t) === StorageBackend.LOCAL;
}

export async function storedBytes(t: TestApp, key: string, backend?: StorageBackend | null): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storeOf(t, backend).read(key)) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

export async function storedSha256(t: TestApp, key: string, backend?: StorageBackend | null): Promise<string> {
  return createHash('sha256')
    .update(await storedBytes(t, key, backend))
    .digest('hex');
}

export async function storedExists(t: TestApp, key: string, backend?: StorageBackend | null): Promise<boolean> {
  return (await storeOf(t, backend).stat(key)) !== null;
}

/** Writes an object the way the pipeline does (a partial write, then commit). */
export async function putStoredObject(t: TestApp, key: string, bytes: Buffer, backend?: StorageBackend | null): Promise<void> {
  const write = await storeOf(t, backend).beginWrite(key);
  try {
    await pipeline(Readable.from([bytes]), write.stream);
    await write.commit();
  } catch (error) {
    await write.discard().catch(() => undefined);
    throw error;
  }
}

export async function deleteStoredObject(t: TestApp, key: string, backend?: StorageBackend | null): Promise<boolean> {
  return storeOf(t, backend).delete(key);
}

/**
 * Before any app starts: does this tier store on local disk (the s3 tier's testConfig sets
 * STORAGE_DRIVER=s3)? For the few tests that are about files on disk, skipped on the s3 tier.
 */
export function tierStoresOnLocalDisk(): boolean {
  return testConfig().storageDriver === 'local';
}

/** How the storage check names an object no row points at, in the primary store. */
export function orphanLabel(t: TestApp, key: string): string {
  return storesOnLocalDisk(t) ? key : `${primaryBackend(t).toLowerCase()}:${key}`;
}

/**
 * Settings for a suite that lists a whole store (the storage check, storage:migrate): a
 * bucket of its own on the s3 tier, as `ownDatabase` gives it rows of its own (the API creates
 * a missing bucket at start). Nothing on local disk: every test app has its own directory.
 */
export function ownBucket(suffix: string): Record<string, string> {
  if (testConfig().s3 === undefined) return {};
  return { S3_BUCKET: `callrec-test-${suffix}-${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9-]/g, '-') };
}
