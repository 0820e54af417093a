import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestBundle } from '../testing/evidence-bundle.builder';
import { readZipBundle } from './zip-bundle.reader';

describe('readZipBundle', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'verify-export-zip-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('hashes every entry in ZIP order and keeps only the top-level files the checks parse', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const zip = await readZipBundle(bundle.zip());
    expect(zip.entries.map((entry) => entry.name)).toEqual(bundle.entries());
    for (const entry of zip.entries) {
      expect(entry.sha256).toBe(createHash('sha256').update(bundle.read(entry.name)).digest('hex'));
      expect(entry.size).toBe(bundle.read(entry.name).length);
    }
    expect([...zip.files.keys()].sort()).toEqual([
      'SHA256SUMS',
      'SHA256SUMS.sig',
      'audit.jsonl',
      'custody.json',
      'manifest.json',
      'public-key.pem',
    ]);
  });

  it('reads deflated entries too, though bundles are stored', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const out = join(root, 'deflated.zip');
    execFileSync('zip', ['-q', '-9', '-X', '-D', out, ...bundle.entries()], { cwd: bundle.dir });
    const zip = await readZipBundle(out);
    expect(zip.entries.map((entry) => entry.sha256)).toEqual(
      bundle.entries().map((name) => createHash('sha256').update(bundle.read(name)).digest('hex')),
    );
  });
});
