import { ExportDto } from '@callrec/contracts';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openBundle, requestExport, settled } from './export-bundles';
import { seedStoredRecordings } from './recording-fixtures';
import { api, createUser, startTestApp, TestApp, TestUser } from './test-app';
import { testKeyring } from './test-keys';

/** The offline verifier (apps/verify-export, built by the integration target's dependencies). */
const verifier = resolve(__dirname, '../../../dist/tools/verify-export.js');

/**
 * A bundle the product built, checked by the server-free verifier as an auditor would: pinned
 * to the key the API publishes, every check passes; one changed byte of audio fails it.
 */
describe('an evidence export checked by dist/tools/verify-export.js', () => {
  let t: TestApp;
  let compliance: TestUser;
  let admin: TestUser;
  let root: string;

  beforeAll(async () => {
    if (!existsSync(verifier)) throw new Error(`${verifier} is missing: run npx nx run verify-export:build`);
    root = mkdtempSync(join(tmpdir(), 'callrec-export-verify-'));
    t = await startTestApp({ ...testKeyring('k1'), EXPORT_DIR: join(root, 'exports'), EXPORT_APPROVAL: 'two-person' });
    compliance = await createUser(t, 'COMPLIANCE', 'Vera Verifier');
    admin = await createUser(t, 'ADMIN', 'Abe Approver');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const verify = (...args: string[]) => spawnSync(process.execPath, [verifier, ...args], { encoding: 'utf8' });

  it('passes every check on a two-person export pinned to the published key, and fails a changed byte', async () => {
    const agent = await createUser(t, 'AGENT', 'Ann Agent');
    const seeded = await seedStoredRecordings(t, [
      { agentId: agent.id, daysAgo: 1 },
      { agentId: agent.id, daysAgo: 2, encrypted: true },
    ]);
    // Events about the recordings, so audit.jsonl has more than the export's own steps.
    for (const recording of seeded)
      expect((await api(t, `/api/recordings/${recording.id}/metadata`, { token: compliance.token })).status).toBe(200);

    const requested = await requestExport(t, compliance, { recordingIds: seeded.map((r) => r.id) }, 'Verifier check 2026-18');
    expect(requested.status).toBe(202);
    const id = requested.body.id as string;
    expect((await api(t, `/api/exports/${id}/approve`, { method: 'POST', token: admin.token })).status).toBeLessThan(300);
    const ready: ExportDto = await settled(t, compliance, id);
    expect(ready.status).toBe('ready');
    const bundle = openBundle(Buffer.from(await (await fetch(ready.downloadUrl!)).arrayBuffer()));

    const key = await api(t, '/api/audit-events/public-key', { token: compliance.token });
    const pem = join(root, 'operator.pem');
    writeFileSync(pem, key.body as string);

    const good = verify('--public-key', pem, bundle.zip);
    expect(good.stderr).toBe('');
    expect(good.stdout).toContain(`Evidence export ${id}`);
    expect(good.stdout).toContain('Verifier check 2026-18');
    expect(good.stdout).toContain('two-person, by Abe Approver');
    expect(good.stdout).not.toContain('✗');
    expect(good.stdout).toContain('OK: all 11 checks passed.');
    expect(good.status).toBe(0);
    const json = JSON.parse(verify('--json', bundle.zip).stdout);
    expect(json).toMatchObject({ ok: true, exportId: id, recordings: 2, keyPinned: false });
    expect(json.auditEvents).toBeGreaterThanOrEqual(5); // two views, requested, approved, built

    // One byte of audio changed and zipped again as the product does (stored, same order).
    const file = bundle.json('manifest.json').recordings[0].file as string;
    const audio = bundle.read(file);
    audio[audio.length >> 1] ^= 0x01;
    writeFileSync(join(bundle.dir, file), audio);
    const tampered = join(root, 'tampered.zip');
    execFileSync('zip', ['-q', '-0', '-X', '-D', tampered, ...bundle.entries], { cwd: bundle.dir });
    const bad = verify('--public-key', pem, tampered);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`- ${file} has SHA-256`);
    expect(bad.stdout).toContain('FAILED: 1 of 11 checks failed.');
  });
});
