// `npm start`: build what is missing, start the Twilio emulator when no real Twilio account is
// configured, start the API (which migrates the database, creates the first admin and serves
// the admin), then add the demo data. Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const port = env.PORT || '3000';
const emulatorPort = env.TWILIO_EMULATOR_PORT || '3010';
const useEmulator = !env.TWILIO_ACCOUNT_SID;
const children = [];
let stopping = false;

function log(line) {
  process.stdout.write(`[start] ${line}\n`);
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
  Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null))).then(() =>
    process.exit(code),
  );
}

function run(name, args, extraEnv = {}) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: 'inherit' });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest`);
      stop(code || 1);
    }
  });
  return child;
}

async function waitForHealth(url, name, child) {
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  log(`${name} did not become healthy at ${url}`);
  return false;
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const require = createRequire(import.meta.url);
const nx = join(dirname(require.resolve('nx/package.json')), require('nx/package.json').bin.nx);
const projects = ['api', 'admin', ...(useEmulator ? ['twilio-emulator'] : [])];
log(`Building ${projects.join(', ')} (cached after the first run)…`);
const build = spawnSync(process.execPath, [nx, 'run-many', '-t', 'build', '-p', ...projects, '--output-style=static'], {
  cwd: root,
  env,
  // Quiet when it works; Nx writes the compiler's errors to stdout, so show them when it fails.
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 64 * 1024 * 1024,
});
if (build.status !== 0 || !existsSync(join(root, 'dist/apps/api/main.js'))) {
  process.stdout.write(build.stdout ?? '');
  log('The build failed; see the errors above.');
  process.exit(1);
}

if (useEmulator) {
  log(`No TWILIO_ACCOUNT_SID set: starting the bundled Twilio emulator on port ${emulatorPort}`);
  const emulator = run('Twilio emulator', ['dist/apps/twilio-emulator/main.js'], { TWILIO_EMULATOR_PORT: emulatorPort });
  if (!(await waitForHealth(`http://127.0.0.1:${emulatorPort}/_emulator/health`, 'Twilio emulator', emulator))) stop(1);
}

const apiEnv = { PORT: port, TWILIO_EMULATOR_PORT: emulatorPort };
const api = run('API', ['dist/apps/api/main.js'], apiEnv);
if (!(await waitForHealth(`http://127.0.0.1:${port}/api/health`, 'API', api))) {
  stop(1);
} else {
  log('Adding demo data (on a fresh database: 25 calls recorded through the emulator)…');
  const seed = spawnSync(process.execPath, ['dist/apps/api/cli.js', 'seed'], { cwd: root, env: { ...env, ...apiEnv }, stdio: 'inherit' });
  if (seed.status !== 0) log('Adding the demo data failed; the product still runs.');
  log(`Ready: open http://localhost:${port} (Ctrl-C stops everything)`);
}
