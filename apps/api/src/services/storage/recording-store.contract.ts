import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EvidenceConflictError, PendingWrite, RecordingStore, recordingKey, StorageBackend } from './recording-store';

export interface StoreUnderTest {
  store: RecordingStore;
  /** Removes what the suite left (a bucket, a directory), best effort. */
  dispose?: () => Promise<void>;
}

/** Larger than one S3 part (8 MiB), so that the S3 store really goes multipart. */
const MORE_THAN_ONE_PART = 9 * 1024 * 1024;
const MULTIPART_OBJECT = 20 * 1024 * 1024;

function newKey(): string {
  return recordingKey(`RE${randomBytes(16).toString('hex')}`, 'wav', new Date());
}

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const key of keys) all.push(key);
  return all;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Writes a chunk and waits for the stream to take it (the S3 store answers once its part is uploaded). */
function writeChunk(stream: NodeJS.WritableStream, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => stream.write(chunk, (error) => (error ? reject(error) : resolve())));
}

function endStream(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.end(() => resolve()));
}

/**
 * The RecordingStore contract, run unchanged on every implementation (LocalDiskStore in the
 * integration tier, S3RecordingStore on Ceph in the s3 tier): whatever features do through
 * RecordingStores behaves the same on either.
 */
export function describeRecordingStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`${name}: the RecordingStore contract`, () => {
    let subject: StoreUnderTest;
    let store: RecordingStore;

    beforeAll(async () => {
      subject = await makeStore();
      store = subject.store;
    });

    afterAll(async () => {
      await subject?.dispose?.();
    });

    async function put(key: string, bytes: Buffer): Promise<void> {
      const pending = await store.beginWrite(key);
      await pipeline(Readable.from([bytes]), pending.stream as Writable);
      await pending.commit();
    }

    async function readAll(key: string, range?: { start: number; end: number }): Promise<Buffer> {
      return bytesOf(await store.read(key, range));
    }

    it('shows nothing under the key before commit, and the exact bytes after', async () => {
      const key = newKey();
      const bytes = randomBytes(5000);
      const pending = await store.beginWrite(key);
      await pipeline(Readable.from([bytes]), pending.stream as Writable);
      expect(await store.stat(key)).toBeNull();
      expect(await collect(store.list())).not.toContain(key);
      await expect(store.read(key)).rejects.toThrow();

      await pending.commit();
      const stat = await store.stat(key);
      expect(stat?.sizeBytes).toBe(5000);
      expect(Number.isNaN(stat?.modifiedAt.getTime())).toBe(false);
      expect((await readAll(key)).equals(bytes)).toBe(true);
      expect(await collect(store.list())).toContain(key);
    });

    it('leaves nothing for a discarded write, small or larger than a part', async () => {
      for (const size of [10, MORE_THAN_ONE_PART]) {
        const key = newKey();
        const pending = await store.beginWrite(key);
        await writeChunk(pending.stream, randomBytes(size));
        await pending.discard();
        expect(await store.stat(key)).toBeNull();
        expect(await collect(store.list())).not.toContain(key);
      }
      expect(await store.removeStalePartials(0)).toBe(0);
    });

    it('never touches the stored object when a second write of the same key is discarded', async () => {
      const key = newKey();
      const stored = randomBytes(1000);
      await put(key, stored);
      const loser = await store.beginWrite(key);
      await writeChunk(loser.stream, randomBytes(MORE_THAN_ONE_PART));
      await endStream(loser.stream);
      await loser.discard();
      expect((await readAll(key)).equals(stored)).toBe(true);
      expect((await store.stat(key))?.sizeBytes).toBe(1000);
    });

    it('reads ranges byte-exact, up to and including the last byte', async () => {
      const key = newKey();
      const bytes = randomBytes(100_000);
      await put(key, bytes);
      for (const [start, end] of [
        [0, 0],
        [0, 99_999],
        [12_345, 54_321],
        [99_000, 99_999],
        [99_999, 99_999],
      ]) {
        expect((await readAll(key, { start, end })).equals(bytes.subarray(start, end + 1))).toBe(true);
      }
    });

    it('deletes a committed object once and says whether it was there', async () => {
      const key = newKey();
      await put(key, Buffer.from('audio'));
      expect(await store.delete(key)).toBe(true);
      expect(await store.delete(key)).toBe(false);
      expect(await store.stat(key)).toBeNull();
      await expect(store.read(key)).rejects.toThrow();
      expect(await collect(store.list())).not.toContain(key);
    });

    it('refuses keys that are not generated recording keys', async () => {
      for (const key of ['../etc/passwd', '2026/11/30/RE1.wav', 'audit-checkpoints/000000000001.json']) {
        await expect(store.beginWrite(key)).rejects.toThrow(/Refusing storage key/);
        await expect(store.stat(key)).rejects.toThrow(/Refusing storage key/);
        await expect(store.delete(key)).rejects.toThrow(/Refusing storage key/);
      }
    });

    it('lists committed recordings and other objects, never evidence nor partial writes', async () => {
      const key = newKey();
      await put(key, Buffer.from('listed'));
      await store.putEvidence('audit-checkpoints/000000000001.json', Buffer.from('{"seq":1}'));
      const partialKey = newKey();
      const partial = await store.beginWrite(partialKey);
      await writeChunk(partial.stream, randomBytes(MORE_THAN_ONE_PART));
      try {
        const listed = await collect(store.list());
        expect(listed).toContain(key);
        expect(listed).not.toContain(partialKey);
        expect(listed.filter((listedKey) => listedKey.startsWith('audit-checkpoints/') || listedKey.startsWith('.'))).toEqual([]);
      } finally {
        await partial.discard();
      }
    });

    it('removes partial writes older than the age given, and never a committed object', async () => {
      const kept = newKey();
      await put(kept, Buffer.from('kept'));
      const abandoned = await store.beginWrite(newKey());
      await writeChunk(abandoned.stream, randomBytes(MORE_THAN_ONE_PART));
      expect(await store.removeStalePartials(60 * 60_000)).toBe(0);
      // "Older than 0 ms" holds once the clock has moved past the partial's last change.
      let removed = 0;
      for (let attempt = 0; attempt < 100 && removed === 0; attempt += 1) removed = await store.removeStalePartials(0);
      expect(removed).toBe(1);
      expect(await store.removeStalePartials(0)).toBe(0);
      await abandoned.discard();
      expect((await readAll(kept)).toString()).toBe('kept');
    });

    it('writes evidence once: a retry of the same bytes is accepted, other bytes are refused', async () => {
      const json = 'audit-checkpoints/000000000007.json';
      const sig = 'audit-checkpoints/000000000007.sig';
      expect(await store.getEvidence(json)).toBeNull();
      expect(await store.putEvidence(json, Buffer.from('{"seq":7}'))).toBe(true);
      expect(await store.putEvidence(sig, Buffer.from([1, 2, 3]))).toBe(true);
      expect(await store.putEvidence(json, Buffer.from('{"seq":7}'))).toBe(false);
      await expect(store.putEvidence(json, Buffer.from('{"seq":8}'))).rejects.toBeInstanceOf(EvidenceConflictError);
      expect((await store.getEvidence(json))?.toString()).toBe('{"seq":7}');
      expect([...((await store.getEvidence(sig)) ?? [])]).toEqual([1, 2, 3]);
      expect(await collect(store.listEvidence('audit-checkpoints/'))).toEqual(expect.arrayContaining([json, sig]));
      await expect(store.putEvidence('audit-checkpoints/../x.json', Buffer.from('x'))).rejects.toThrow(/Refusing evidence key/);
    });

    it('presigns a ranged GET where the store serves links (none on local disk)', async () => {
      const key = newKey();
      const bytes = randomBytes(4096);
      await put(key, bytes);
      const url = await store.presignRead(key, { expiresInSeconds: 60, contentType: 'audio/wav', attachmentName: 'call.wav' });
      if (store.backend === StorageBackend.LOCAL) {
        expect(url).toBeNull();
        return;
      }
      expect(url).toMatch(/^https?:\/\//);
      const answer = await fetch(url as string, { headers: { Range: 'bytes=100-1099' } });
      expect(answer.status).toBe(206);
      expect(answer.headers.get('content-type')).toBe('audio/wav');
      expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="call.wav"/);
      expect(Buffer.from(await answer.arrayBuffer()).equals(bytes.subarray(100, 1100))).toBe(true);
      const tampered = new URL(url as string);
      tampered.searchParams.set('X-Amz-Expires', '3600');
      expect((await fetch(tampered)).status).toBe(403);
    });

    it('round-trips a multipart-sized stream (20 MiB) with the same sha256, ranges across parts included', async () => {
      const key = newKey();
      const chunks = Array.from({ length: MULTIPART_OBJECT / (1024 * 1024) }, () => randomBytes(1024 * 1024));
      const whole = Buffer.concat(chunks);
      const pending: PendingWrite = await store.beginWrite(key);
      await pipeline(Readable.from(chunks), pending.stream as Writable);
      expect(await store.stat(key)).toBeNull();
      await pending.commit();
      const stored = await readAll(key);
      expect(createHash('sha256').update(stored).digest('hex')).toBe(createHash('sha256').update(whole).digest('hex'));
      const boundary = 8 * 1024 * 1024;
      expect((await readAll(key, { start: boundary - 10, end: boundary + 9 })).equals(whole.subarray(boundary - 10, boundary + 10))).toBe(
        true,
      );
      expect((await store.stat(key))?.sizeBytes).toBe(MULTIPART_OBJECT);
      expect(await store.delete(key)).toBe(true);
    });

    it('is writable', async () => {
      expect(await store.isWritable()).toBe(true);
      expect((await collect(store.list())).filter((key) => key.startsWith('.'))).toEqual([]);
    });
  });
}
