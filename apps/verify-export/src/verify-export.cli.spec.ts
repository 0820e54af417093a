import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestBundle } from './testing/evidence-bundle.builder';

/** The built single file, as an auditor runs it (the test target depends on the build). */
const workspace = resolve(__dirname, '../../..');
const built = join(workspace, 'dist/tools/verify-export.js');

describe('dist/tools/verify-export.js', () => {
  let root: string;
  beforeAll(() => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run npx nx run verify-export:build first`);
    root = mkdtempSync(join(tmpdir(), 'verify-export-cli-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    // Run from an empty folder: the file must need nothing from node_modules.
    return spawnSync(process.execPath, [built, ...args], { cwd: root, encoding: 'utf8' });
  }

  it('exits 0 on a good bundle, 1 on a tampered one and 2 without one', () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const good = run(bundle.zip());
    expect(good.stderr).toBe('');
    expect(good.stdout).toContain('OK: all 10 checks passed.');
    expect(good.status).toBe(0);

    const file = bundle.recordings[0].file;
    const audio = bundle.read(file);
    audio[audio.length - 1] ^= 0x80;
    bundle.write(file, audio);
    const bad = run('--json', bundle.zip({ name: 'tampered.zip' }));
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, keyId: bundle.keyId });

    const usage = run();
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Usage: verify-export');
  });

  it('starts with a shebang and is executable, for the npm bin callrec-verify-export', () => {
    const direct = spawnSync(built, ['--help'], { encoding: 'utf8' });
    expect(direct.status).toBe(0);
    expect(direct.stderr).toContain('Usage: verify-export');
  });
});
