import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BundleWriter } from './export-bundle.writer';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('BundleWriter', () => {
  it("streams entries into a stored ZIP that unzip reads back byte for byte, with their SHA-256s and the file's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callrec-bundle-writer-'));
    const path = join(dir, 'b.zip');
    const audio = randomBytes(300_000);
    const writer = await BundleWriter.create(path);
    const opened: string[] = [];
    const first = await writer.addStream(
      'recordings/a.wav',
      async () => (opened.push('a'), Readable.from([audio.subarray(0, 1000), audio.subarray(1000)])),
      {
        mtime: new Date('2026-11-30T10:00:00Z'),
        size: audio.length,
      },
    );
    expect(first).toEqual({ path: 'recordings/a.wav', sha256: sha256(audio), bytes: audio.length });
    writer.addBuffer('custody.json', Buffer.from('{}\n'), new Date());
    const done = await writer.finish();
    expect(opened).toEqual(['a']);
    const file = readFileSync(path);
    expect(done).toEqual({ sha256: sha256(file), bytes: file.length });
    expect(spawnSync('unzip', ['-tq', path]).status).toBe(0);
    const listing = spawnSync('unzip', ['-Zv', path], { encoding: 'utf8' }).stdout;
    expect(listing).toContain('compression method:                             none (stored)');
    expect(spawnSync('unzip', ['-p', path, 'recordings/a.wav']).stdout.equals(audio)).toBe(true);
    expect(writer.entries.map((e) => e.path)).toEqual(['recordings/a.wav', 'custody.json']);
  });

  it('fails when a source fails or is not the size it was said to be', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callrec-bundle-writer-'));
    const failing = await BundleWriter.create(join(dir, 'f.zip'));
    const broken = new Readable({
      read() {
        this.destroy(new Error('store went away'));
      },
    });
    await expect(failing.addStream('recordings/x.wav', async () => broken, { mtime: new Date() })).rejects.toThrow('store went away');
    await failing.abort();

    const short = await BundleWriter.create(join(dir, 's.zip'));
    await expect(
      short.addStream('recordings/y.wav', async () => Readable.from([Buffer.alloc(10)]), { mtime: new Date(), size: 11 }),
    ).rejects.toThrow();
    await short.abort();
  });
});
