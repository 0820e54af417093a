import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORT_ID, rehash, TestBundle } from '../testing/evidence-bundle.builder';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runCli } from './cli';
import { verifyBundle, VerifyResult } from './verify-bundle';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'verify-export-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

function failed(result: VerifyResult): string[] {
  return result.checks.filter((item) => !item.ok).map((item) => `${item.title}: ${item.details.join(' | ')}`);
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

/** The standard tools an auditor would use, run on the unpacked bundle. */
function oracles(zip: string): { sums: number; signature: number } {
  const dir = join(root, 'unpacked');
  execFileSync('unzip', ['-q', '-o', zip, '-d', dir]);
  const sums = spawnSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dir }).status!;
  const signature = spawnSync(
    'openssl',
    ['pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'],
    { cwd: dir },
  ).status!;
  return { sums, signature };
}

describe('verify-export on a well-formed bundle', () => {
  it('passes every check, exits 0, and agrees with unzip, sha256sum -c and openssl', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const zip = bundle.zip();
    const result = await verifyBundle(zip);
    expect(failed(result)).toEqual([]);
    expect(result).toMatchObject({ ok: true, keyId: bundle.keyId, auditEvents: 6, manifest: { exportId: EXPORT_ID } });
    expect(oracles(zip)).toEqual({ sums: 0, signature: 0 });

    const { code, out } = await cli(zip);
    expect(code).toBe(EXIT_OK);
    expect(out).toContain(`Evidence export ${EXPORT_ID}`);
    expect(out).toContain('Cora Compliance <cora@example.test>');
    expect(out).toContain('Subpoena 2026-17');
    expect(out).toContain(`key id ${bundle.keyId}`);
    expect(out).toContain('GET /api/audit-events/public-key');
    expect(out).not.toContain('✗');
    expect(out).toContain('OK: all 10 checks passed.');
  });

  it('prints a machine-readable result with --json', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const { code, out } = await cli('--json', bundle.zip());
    expect(code).toBe(EXIT_OK);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ ok: true, exportId: EXPORT_ID, keyId: bundle.keyId, keyPinned: false, recordings: 2, auditEvents: 6 });
    expect(json.checks).toHaveLength(10);
    expect(json.checks.every((item: { ok: boolean }) => item.ok)).toBe(true);
  });

  it('passes an export that holds no recordings, only its own audited steps', async () => {
    const bundle = new TestBundle(join(root, 'bundle'), 0);
    const result = await verifyBundle(bundle.zip());
    expect(failed(result)).toEqual([]);
    expect(result).toMatchObject({ auditEvents: 3, manifest: { recordings: [] } });
  });

  it('reads a ZIP64 bundle (zip -fz, and an end record that defers to the ZIP64 one)', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const zip = bundle.zip({ zip64: true });
    const bytes = readFileSync(zip);
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true); // ZIP64 end of central directory
    // As in a bundle past 4 GiB: the classic end record only says "see ZIP64" (0xffff entries, 0xffffffff offset).
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    bytes.writeUInt16LE(0xffff, end + 8);
    bytes.writeUInt16LE(0xffff, end + 10);
    bytes.writeUInt32LE(0xffffffff, end + 16);
    writeFileSync(zip, bytes);
    const result = await verifyBundle(zip);
    expect(failed(result)).toEqual([]);
    expect(result.checks[0].details).toEqual([`${bundle.entries().length} entries`]);
    expect(oracles(zip)).toEqual({ sums: 0, signature: 0 });
  });
});

describe('verify-export on a tampered bundle', () => {
  it('names an audio file with one byte changed, as sha256sum -c does', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const file = bundle.recordings[1].file;
    const audio = bundle.read(file);
    audio[1000] ^= 0x01;
    bundle.write(file, audio);
    const zip = bundle.zip();
    const { code, out } = await cli(zip);
    expect(code).toBe(EXIT_FAILED);
    expect(out).toMatch(new RegExp(`✗ Every file matches its SHA-256 in SHA256SUMS\\n {4}- ${escape(file)} has SHA-256`));
    expect(out).toContain('FAILED: 1 of 10 checks failed.');
    expect(oracles(zip)).toEqual({ sums: 1, signature: 0 });
  });

  it('fails the signature when SHA256SUMS was changed, as openssl does', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const file = bundle.recordings[0].file;
    const audio = bundle.read(file);
    audio[5] ^= 0xff;
    bundle.write(file, audio);
    // A forger updates the sum of the file they changed, but cannot sign without the key.
    const sums = bundle.read('SHA256SUMS').toString('utf8').split('\n');
    sums[0] = `${execFileSync('sha256sum', [bundle.path(file)])
      .toString()
      .slice(0, 64)}  ${file}`;
    bundle.write('SHA256SUMS', sums.join('\n'));
    const zip = bundle.zip();
    const result = await verifyBundle(zip);
    expect(failed(result)).toEqual([
      expect.stringMatching(/^SHA256SUMS.sig is a valid .*: the signature does not match SHA256SUMS under key/),
      expect.stringMatching(/^manifest.json agrees .*recordings\[0\].sha256 for/),
    ]);
    expect(oracles(zip)).toEqual({ sums: 0, signature: 1 });
  });

  it('refuses a file that SHA256SUMS does not list', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    bundle.write('notes.txt', 'slipped in later\n');
    const result = await verifyBundle(bundle.zip({ entries: [...bundle.entries(), 'notes.txt'] }));
    expect(result.ok).toBe(false);
    expect(failed(result)).toEqual([
      'SHA256SUMS lists every file, and every listed file is in the ZIP: notes.txt is in the ZIP but not in SHA256SUMS',
      'manifest.json agrees with SHA256SUMS, the key and the ZIP entries: files does not list: notes.txt',
    ]);
  });

  it('refuses a bundle missing a listed file', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const file = bundle.recordings[0].file;
    const result = await verifyBundle(bundle.zip({ entries: bundle.entries().filter((name) => name !== file) }));
    expect(failed(result)).toEqual(
      expect.arrayContaining([
        `SHA256SUMS lists every file, and every listed file is in the ZIP: ${file} is listed in SHA256SUMS but missing from the ZIP`,
      ]),
    );
    expect(failed(result).join('\n')).toContain(`recordings[0].file ${file} is not in the ZIP`);
  });

  it('refuses entry names that climb out of the folder', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    bundle.write('aa/evil', 'x');
    const zip = bundle.zip({ entries: [...bundle.entries(), 'aa/evil'] });
    // Same length, so the archive stays valid: only the stored name changes (local header and central directory).
    const bytes = readFileSync(zip);
    let at = bytes.indexOf('aa/evil');
    while (at >= 0) {
      bytes.write('../evil', at, 'latin1');
      at = bytes.indexOf('aa/evil', at);
    }
    writeFileSync(zip, bytes);
    const result = await verifyBundle(zip);
    expect(failed(result)[0]).toBe('Entry names are safe (no absolute paths, no "..", no duplicates): "../evil" climbs out with ".."');
  });

  it('finds an audit event altered after the fact, even when SHA256SUMS was re-signed', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const lines = bundle.auditLines();
    lines[1] = { ...lines[1], ip: '203.0.113.9' };
    bundle.writeAuditLines(lines);
    bundle.seal();
    const result = await verifyBundle(bundle.zip());
    expect(failed(result)).toEqual([
      "audit.jsonl: every event's hash recomputes: event 2 (line 2, RECORDING_PLAYED) does not hash to its recorded hash: it was altered",
    ]);
  });

  it('finds a forged event that hashes correctly but breaks the link to the next one', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const lines = bundle.auditLines();
    lines[2] = rehash({ ...lines[2], action: 'RECORDING_METADATA_VIEWED' }); // seq 4, followed by seq 5
    bundle.writeAuditLines(lines);
    bundle.seal();
    const result = await verifyBundle(bundle.zip());
    expect(failed(result)).toEqual([
      "audit.jsonl: seqs ascend and consecutive events link: event 5 does not link to event 4: its prevHash is not that event's hash",
    ]);
  });

  it('finds reordered events, and counts a removed one against custody.json', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const lines = bundle.auditLines();
    bundle.writeAuditLines([lines[0], lines[2], lines[1], ...lines.slice(3)]);
    bundle.seal();
    expect(failed(await verifyBundle(bundle.zip()))).toEqual([
      'audit.jsonl: seqs ascend and consecutive events link: event 2 (line 3) comes after event 4: seqs must ascend',
    ]);

    // Leaving out seq 2 looks like a gap (events about other recordings are left out too);
    // custody.json's count, under the same signature, still gives it away.
    bundle.writeAuditLines([lines[0], ...lines.slice(2)]);
    bundle.seal();
    expect(failed(await verifyBundle(bundle.zip()))).toEqual([
      'custody.json agrees with the manifest and audit.jsonl: counts.auditEvents is 6, the bundle holds 5 events in audit.jsonl',
    ]);
  });

  it("refuses a checkpoint signed by another key, or anchored anywhere but this export's EXPORT_BUILT", async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const lines = bundle.auditLines();
    const checkpoint = lines[lines.length - 1] as { payload: { seq: number; hash: string; at: string; keyId: string } };
    const other = generateKeyPairSync('ed25519').privateKey;
    bundle.writeAuditLines([...lines.slice(0, -1), { ...checkpoint, signature: bundle.signCheckpoint(checkpoint.payload, other) }]);
    bundle.seal();
    expect(failed(await verifyBundle(bundle.zip()))).toEqual([
      `audit.jsonl: the signed checkpoint covers this export's EXPORT_BUILT event: the checkpoint's signature does not verify under key ${bundle.keyId}`,
    ]);

    const approved = lines[4] as { seq: number; hash: string };
    const early = { ...checkpoint.payload, seq: approved.seq, hash: approved.hash };
    bundle.writeAuditLines([...lines.slice(0, -1), { type: 'checkpoint', payload: early, signature: bundle.signCheckpoint(early) }]);
    bundle.seal();
    expect(failed(await verifyBundle(bundle.zip()))).toEqual([
      `audit.jsonl: the signed checkpoint covers this export's EXPORT_BUILT event: event 7 is EXPORT_APPROVED for export "${EXPORT_ID}", not EXPORT_BUILT of export "${EXPORT_ID}" | events 8 come after the checkpoint's event 7`,
    ]);
  });

  it('refuses a bundle whose custody.json names another export or an unverified chain', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const custody = JSON.parse(bundle.read('custody.json').toString('utf8'));
    bundle.write(
      'custody.json',
      JSON.stringify({ ...custody, exportId: 'cmexport-other', auditChain: { ...custody.auditChain, ok: false } }),
    );
    bundle.seal();
    const [problem] = failed(await verifyBundle(bundle.zip()));
    expect(problem).toContain('exportId is "cmexport-other"');
    expect(problem).toContain('auditChain.ok is not true');
  });
});

describe('verify-export --public-key', () => {
  it('passes without the warning when the pinned key is the bundle key, and fails for another key', async () => {
    const bundle = new TestBundle(join(root, 'bundle'));
    const zip = bundle.zip();
    const right = join(root, 'operator.pem');
    writeFileSync(right, bundle.publicKey.export({ type: 'spki', format: 'pem' }));
    const pinned = await cli('--public-key', right, zip);
    expect(pinned.code).toBe(EXIT_OK);
    expect(pinned.out).toContain(`✓ The bundle's key is the pinned key (${right})`);
    expect(pinned.out).not.toContain('GET /api/audit-events/public-key');

    const wrong = join(root, 'other.pem');
    const otherKey = generateKeyPairSync('ed25519').publicKey;
    writeFileSync(wrong, otherKey.export({ type: 'spki', format: 'pem' }));
    const mismatch = await cli('--public-key', wrong, zip);
    expect(mismatch.code).toBe(EXIT_FAILED);
    expect(mismatch.out).toMatch(
      new RegExp(
        `✗ The bundle's key is the pinned key \\(${escape(wrong)}\\)\\n {4}- the bundle is signed by key ${bundle.keyId}, the pinned key is [0-9a-f]{16}`,
      ),
    );
  });
});

describe('verify-export usage', () => {
  it('exits 2 for a usage error, a missing file or an unreadable key; 1 for a file that is not a ZIP', async () => {
    expect((await cli()).code).toBe(EXIT_USAGE);
    expect((await cli('--frobnicate', 'x.zip')).code).toBe(EXIT_USAGE);
    expect((await cli(join(root, 'absent.zip'))).code).toBe(EXIT_USAGE);
    const notZip = join(root, 'not.zip');
    writeFileSync(notZip, 'hello');
    expect((await cli('--public-key', join(root, 'absent.pem'), notZip)).code).toBe(EXIT_USAGE);
    const result = await cli(notZip);
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.out).toMatch(/✗ The ZIP opens\n {4}- .*not\.zip is not a readable ZIP/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
