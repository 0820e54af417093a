import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AppConfig } from '../src/services/config/app-config';
import { TEST_DATABASE_URL, TEST_EMULATOR_PORT, TEST_REDIS_URL, WORKSPACE_ROOT, INHERITED_ENV } from './test-config';

/**
 * Runs the built API (dist/apps/api/main.js) as its own process, for tests that must kill
 * it the hard way. It shares the test database, Redis, storage and emulator with `like`.
 */
export async function startApiProcess(like: AppConfig, env: Record<string, string>): Promise<ChildProcess & { output: () => string }> {
  const child = spawnApi(like, env);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Up to a minute: a loaded machine (parallel test tiers) can take long to load the bundle.
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null)
      throw new Error(`The API process exited early:
${output}`);
    if (output.includes('is running at')) return Object.assign(child, { output: () => output });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`The API process did not start:
${output}`);
}

/**
 * Runs the built API expecting it to refuse to start: resolves with its exit code and output
 * once it exits, or with `started: true` (after stopping it) if it started after all.
 */
export async function runApiProcessUntilExit(
  like: AppConfig,
  env: Record<string, string>,
): Promise<{ started: boolean; exitCode: number | null; output: string }> {
  const child = spawnApi(like, env);
  let output = '';
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const started = new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('is running at')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
  const first = await Promise.race([closed.then(() => 'exited' as const), started.then(() => 'started' as const)]);
  if (first === 'started') {
    await stopProcess(child);
    return { started: true, exitCode: null, output };
  }
  return { started: false, exitCode: await closed, output };
}

function spawnApi(like: AppConfig, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [join(WORKSPACE_ROOT, 'dist/apps/api/main.js')], {
    cwd: WORKSPACE_ROOT,
    env: processEnv(like, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs an operator command of the built CLI (dist/apps/api/cli.js) against the same stores as `like`. */
export function runCli(
  like: AppConfig,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(WORKSPACE_ROOT, 'dist/apps/api/cli.js'), ...args], {
    cwd: WORKSPACE_ROOT,
    env: processEnv(like, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

function processEnv(like: AppConfig, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: INHERITED_ENV['PATH'],
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    JWT_SECRET: like.jwtSecret,
    RECORDINGS_DIR: like.recordingsDir,
    AUDIT_SIGNING_KEY_FILE: like.auditSigningKeyFile,
    TWILIO_EMULATOR_PORT: String(TEST_EMULATOR_PORT),
    PUBLIC_BASE_URL: like.publicBaseUrl,
    ...storageEnv(like),
    MIGRATE_ON_START: 'false',
    CRON_ENABLED: 'false',
    LOG_LEVEL: 'info',
    ADMIN_PASSWORD: 'unused-admin-password',
    PORT: env['PORT'] ?? '0',
    ...env,
  };
}

/** The same store as `like`: the driver and, for S3, its bucket and how to reach it. */
function storageEnv(like: AppConfig): Record<string, string> {
  const s3 = like.s3;
  if (!s3) return { STORAGE_DRIVER: like.storageDriver, MEDIA_DELIVERY: like.mediaDelivery };
  return {
    STORAGE_DRIVER: like.storageDriver,
    MEDIA_DELIVERY: like.mediaDelivery,
    MEDIA_PRESIGN_SECONDS: String(like.mediaPresignSeconds),
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_FORCE_PATH_STYLE: String(s3.forcePathStyle),
    S3_OBJECT_LOCK: s3.objectLock,
    S3_EVIDENCE_RETAIN_DAYS: String(s3.evidenceRetainDays),
    ...(s3.endpoint ? { S3_ENDPOINT: s3.endpoint } : {}),
    ...(s3.accessKeyId && s3.secretAccessKey ? { S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey } : {}),
  };
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.kill(signal);
  await closed;
}

/**
 * Freezes a process (SIGSTOP) the way a long GC pause or a starved VM does: it keeps its
 * sockets, its temporary files and its idea of which jobs it holds, but does nothing, so its
 * queue locks lapse. `resumeProcess` lets it carry on where it was.
 */
export function pauseProcess(child: ChildProcess): void {
  child.kill('SIGSTOP');
}

export function resumeProcess(child: ChildProcess): void {
  child.kill('SIGCONT');
}
