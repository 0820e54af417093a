import { ExportDto } from '@callrec/contracts';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, TestApp, TestUser, waitFor } from './test-app';

/** Evidence exports (design 9.6) in tests: request, wait, download, and open with the system's own tools. */

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export async function requestExport(t: TestApp, user: TestUser, scope: Record<string, unknown>, reason = 'Regulator request 2026-77') {
  return api(t, '/api/exports', { method: 'POST', token: user.token, body: { reason, scope } });
}

/** Waits until the export has finished building (ready or failed) and returns it. */
export function settled(t: TestApp, user: TestUser, id: string): Promise<ExportDto> {
  return waitFor(
    `export ${id} to be built`,
    async () => {
      const response = await api(t, `/api/exports/${id}`, { token: user.token });
      return ['ready', 'failed'].includes(response.body?.status) && (response.body as ExportDto);
    },
    { timeoutMs: 60_000 },
  );
}

/** Runs a command; its exit status and output (stdout and stderr together). */
export function run(command: string, args: string[], cwd?: string): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

export interface OpenedBundle {
  zip: string;
  dir: string;
  bytes: Buffer;
  /** Entry names, in archive order (zipinfo -1). */
  entries: string[];
  read(path: string): Buffer;
  json<T = any>(path: string): T;
}

/** Saves a downloaded bundle and extracts it with the system's unzip. */
export function openBundle(bytes: Buffer): OpenedBundle {
  const root = mkdtempSync(join(tmpdir(), 'callrec-export-test-'));
  const zip = join(root, 'bundle.zip');
  writeFileSync(zip, bytes);
  const dir = join(root, 'b');
  const unzip = run('unzip', ['-q', zip, '-d', dir]);
  if (unzip.status !== 0) throw new Error(`unzip failed: ${unzip.output}`);
  const list = run('zipinfo', ['-1', zip]);
  return {
    zip,
    dir,
    bytes,
    entries: list.output.split('\n').filter(Boolean),
    read: (path) => readFileSync(join(dir, path)),
    json: (path) => JSON.parse(readFileSync(join(dir, path), 'utf8')),
  };
}

export const sha256sumCheck = (bundle: OpenedBundle) => run('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], bundle.dir);

export const opensslVerify = (bundle: OpenedBundle, file = 'SHA256SUMS', signature = 'SHA256SUMS.sig') =>
  run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'public-key.pem', '-rawin', '-in', file, '-sigfile', signature], bundle.dir);
