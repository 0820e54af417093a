import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

describe('LocalDiskStore evidence', () => {
  let root: string;
  let store: LocalDiskStore;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'callrec-store-'));
    store = new LocalDiskStore({ recordingsDir: root } as AppConfig);
  });

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
    for (const key of ['audit-checkpoints/../../etc/passwd', 'audit-checkpoints/7.json', '/audit-checkpoints/000000000007.json', RECORDING]) {
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
