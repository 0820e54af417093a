import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { LocalDiskStore } from './local-disk.store';
import { EvidenceConflictError } from './recording-store';

const RECORDING = `2026/11/30/RE${'a'.repeat(32)}.wav`;
const JSON_KEY = 'audit-checkpoints/000000000007.json';
const SIG_KEY = 'audit-checkpoints/000000000007.sig';

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const key of keys) all.push(key);
  return all.sort();
}

let root: string;
let store: LocalDiskStore;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'callrec-store-'));
  store = new LocalDiskStore({ recordingsDir: root } as AppConfig);
});

describe('LocalDiskStore evidence', () => {
  it('writes an evidence object once, read-only, and reads it back', async () => {
    expect(await store.putEvidence(JSON_KEY, Buffer.from('{"seq":7}'))).toBe(true);
    expect((await store.getEvidence(JSON_KEY))?.toString()).toBe('{"seq":7}');
    expect(statSync(join(root, JSON_KEY)).mode & 0o777).toBe(0o444);
    expect(await store.getEvidence(SIG_KEY)).toBeNull();
  });

  it('accepts the same bytes again (a retry) but never replaces an object with other bytes', async () => {
    await store.putEvidence(SIG_KEY, Buffer.from([1, 2, 3]));
    expect(await store.putEvidence(SIG_KEY, Buffer.from([1, 2, 3]))).toBe(false);
    await expect(store.putEvidence(SIG_KEY, Buffer.from([1, 2, 4]))).rejects.toBeInstanceOf(EvidenceConflictError);
    expect([...readFileSync(join(root, SIG_KEY))]).toEqual([1, 2, 3]);
  });

  it('refuses keys outside the evidence shape, and recording calls refuse evidence keys', async () => {
    for (const key of [
      'audit-checkpoints/../../etc/passwd',
      'audit-checkpoints/7.json',
      '/audit-checkpoints/000000000007.json',
      RECORDING,
    ]) {
      await expect(store.putEvidence(key, Buffer.from('x'))).rejects.toThrow(/Refusing evidence key/);
      await expect(store.getEvidence(key)).rejects.toThrow(/Refusing evidence key/);
    }
    await expect(store.delete(JSON_KEY)).rejects.toThrow(/Refusing storage key/);
  });

  it('lists evidence under its prefix, and keeps it out of the recordings list', async () => {
    mkdirSync(join(root, '2026/11/30'), { recursive: true });
    writeFileSync(join(root, RECORDING), 'audio');
    writeFileSync(join(root, 'stray.txt'), 'orphan');
    await store.putEvidence(SIG_KEY, Buffer.from('sig'));
    await store.putEvidence(JSON_KEY, Buffer.from('json'));
    writeFileSync(join(root, 'audit-checkpoints', 'notes.txt'), 'not evidence');

    expect(await collect(store.listEvidence('audit-checkpoints/'))).toEqual([JSON_KEY, SIG_KEY]);
    expect(await collect(store.list())).toEqual([RECORDING, 'stray.txt']);
  });

  it('lists no evidence before any was written', async () => {
    expect(await collect(store.listEvidence('audit-checkpoints/'))).toEqual([]);
  });
});

describe('LocalDiskStore recordings', () => {
  async function write(key: string, body: string, outcome: 'commit' | 'discard' | 'leave' = 'commit'): Promise<void> {
    const pending = await store.beginWrite(key);
    await finish(pending.stream, body);
    if (outcome === 'commit') await pending.commit();
    if (outcome === 'discard') await pending.discard();
  }

  function finish(stream: NodeJS.WritableStream, body: string): Promise<void> {
    return new Promise((resolve) => stream.end(body, () => resolve()));
  }

  async function readAll(key: string, range?: { start: number; end: number }): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of await store.read(key, range)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString();
  }

  it('shows a write under its key only once committed, and stats it', async () => {
    const pending = await store.beginWrite(RECORDING);
    await finish(pending.stream, 'audio');
    expect(await store.stat(RECORDING)).toBeNull();
    expect(await collect(store.list())).toEqual([]);
    await pending.commit();

    const stat = await store.stat(RECORDING);
    expect(stat?.sizeBytes).toBe(5);
    expect(Math.abs((stat?.modifiedAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(await readAll(RECORDING)).toBe('audio');
    expect(await readAll(RECORDING, { start: 1, end: 3 })).toBe('udi');
    expect(await collect(store.list())).toEqual([RECORDING]);
  });

  it('leaves nothing behind for a discarded write', async () => {
    await write(RECORDING, 'audio', 'discard');
    expect(await store.stat(RECORDING)).toBeNull();
    expect(readdirSync(join(root, '.incoming'))).toEqual([]);
  });

  it('deletes a committed object once, and says so', async () => {
    await write(RECORDING, 'audio');
    expect(await store.delete(RECORDING)).toBe(true);
    expect(await store.delete(RECORDING)).toBe(false);
    expect(await store.stat(RECORDING)).toBeNull();
    await expect(store.read(RECORDING)).rejects.toThrow(/ENOENT/);
  });

  it('refuses keys outside the recording shape', async () => {
    for (const key of ['../etc/passwd', '2026/11/30/RE1.wav', `/2026/11/30/RE${'a'.repeat(32)}.wav`]) {
      await expect(store.beginWrite(key)).rejects.toThrow(/Refusing storage key/);
      await expect(store.stat(key)).rejects.toThrow(/Refusing storage key/);
      await expect(store.delete(key)).rejects.toThrow(/Refusing storage key/);
    }
  });

  it('removes only partial writes older than the age given, never committed objects', async () => {
    const old = `2026/11/30/RE${'b'.repeat(32)}.wav`;
    const fresh = `2026/11/30/RE${'c'.repeat(32)}.wav`;
    await write(RECORDING, 'kept');
    await write(old, 'abandoned', 'leave');
    await write(fresh, 'in progress', 'leave');
    const incoming = join(root, '.incoming');
    const [oldPart] = readdirSync(incoming).filter((name) => name.includes('b'.repeat(32)));
    const hoursAgo = new Date(Date.now() - 7 * 3600_000);
    utimesSync(join(incoming, oldPart), hoursAgo, hoursAgo);

    expect(await store.removeStalePartials(6 * 3600_000)).toBe(1);
    expect(existsSync(join(incoming, oldPart))).toBe(false);
    expect(readdirSync(incoming)).toHaveLength(1);
    expect(await store.stat(RECORDING)).not.toBeNull();
    expect(await collect(store.list())).toEqual([RECORDING]);
  });

  it('has no partial writes to remove before any write', async () => {
    expect(await store.removeStalePartials(0)).toBe(0);
  });
});
