import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dbUrl, REDIS_URL } from './db.mjs';
import { API_MAIN, BENCH_DIR, EMULATOR_MAIN, TMP } from './paths.mjs';
import { freePort, start, waitForHttp, waitForOutput } from './proc.mjs';

// Bench-only credentials for bench-only databases. The signing secrets are drawn per run: a
// production start refuses anything that looks like an example.
export const BENCH_JWT_SECRET = randomBytes(36).toString('base64url');
const BENCH_METRICS_TOKEN = randomBytes(32).toString('hex');
export const BENCH_ADMIN = { email: 'bench-admin@bench.example', password: 'bench-admin-password-1' };
export const EMULATOR = { accountSid: 'ACe0000000000000000000000000000001', authToken: '0123456789abcdef0123456789abcdef' };

/**
 * Starts the built API (`node dist/apps/api/main.js`) as production runs it (NODE_ENV=production,
 * LOG_LEVEL info, helmet, the built admin), on its own port, database and Redis db 11.
 */
export async function startApi(name, { database, role = 'api', env = {}, recordingsDir = join(TMP, 'recordings', name) }) {
  const port = await freePort();
  mkdirSync(recordingsDir, { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  // With --profile the API is sampled from start to stop (bench/tmp/profiles/<name>.cpuprofile).
  const profile = process.env.BENCH_PROFILE === '1' ? join(TMP, 'profiles', `${name}.cpuprofile`) : null;
  if (profile) mkdirSync(dirname(profile), { recursive: true });
  const proc = start(name, process.execPath, [...(profile ? ['-r', join(BENCH_DIR, 'lib/cpu-profile.cjs')] : []), API_MAIN], {
    inheritEnv: false,
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_BASE_URL: url,
      DATABASE_URL: dbUrl(database),
      REDIS_URL,
      JWT_SECRET: BENCH_JWT_SECRET,
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
      // The load comes straight from this machine, not through a proxy.
      TRUST_PROXY: 'false',
      // The bench's Twilio is the emulator (or nothing, on port 9).
      TWILIO_EMULATOR_ALLOWED: 'true',
      // One bench user fires thousands of requests a minute; the limit stays on (its Redis
      // round trip is part of what is measured) but far out of reach.
      RATE_LIMIT_PER_MINUTE: '100000000',
      // The bench signs in with a password alone; production's default would ask its ADMIN for a TOTP code.
      REQUIRE_2FA_ROLES: 'none',
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      RECORDINGS_DIR: recordingsDir,
      APP_ROLE: role,
      CRON_ENABLED: 'false',
      LOG_LEVEL: 'info',
      TWILIO_EMULATOR_PORT: '9',
      ...(profile ? { BENCH_PROFILE_FILE: profile } : {}),
      ...env,
    },
  });
  if (profile) {
    proc.beforeStop = async () => {
      process.kill(proc.child.pid, 'SIGUSR2');
      await waitForOutput(proc, 'cpu profile written', 30_000);
    };
  }
  await waitForOutput(proc, 'is running at', 90_000);
  return { proc, url, port, recordingsDir };
}

export async function startEmulator(name = 'emulator') {
  const port = await freePort();
  const proc = start(name, process.execPath, [EMULATOR_MAIN], {
    inheritEnv: false,
    env: {
      TWILIO_EMULATOR_PORT: String(port),
      TWILIO_EMULATOR_ACCOUNT_SID: EMULATOR.accountSid,
      TWILIO_EMULATOR_AUTH_TOKEN: EMULATOR.authToken,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(proc, `${url}/_emulator/health`);
  return { proc, url, port };
}

/** JSON over fetch; throws with the answer when the status is not the expected one. */
export async function call(baseUrl, path, { method = 'GET', token, body, expect = [200, 201, 202, 204] } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!expect.includes(response.status)) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  }
  return { status: response.status, body: text ? safeJson(text) : null };
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function login(baseUrl, email, password) {
  const { body } = await call(baseUrl, '/api/auth/login', { method: 'POST', body: { email, password }, expect: [200] });
  return body.accessToken;
}

/** Signs in as a user of `role`, creating it through the admin API the first time. */
export async function userToken(baseUrl, role, email, password = `bench-${role.toLowerCase()}-password-1`) {
  const adminToken = await login(baseUrl, BENCH_ADMIN.email, BENCH_ADMIN.password);
  const created = await call(baseUrl, '/api/users', {
    method: 'POST',
    token: adminToken,
    body: { email, name: `Bench ${role.toLowerCase()}`, role, password },
    expect: [200, 201, 409],
  });
  const token = await login(baseUrl, email, password);
  return { token, adminToken, id: created.status === 409 ? undefined : created.body?.id };
}
