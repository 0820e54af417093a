import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flushRedis, recreateDatabase } from './support/data-stores';
import { portInUse, runToCompletion, startProcess, StartedProcess, stopProcessGroup, waitForHttp } from './support/processes';
import {
  API_PORT,
  AUDIT_SIGNING_KEY_FILE,
  BASE_URL,
  BUILT,
  E2E_ADMIN,
  E2E_DATABASE,
  E2E_REDIS_DB,
  EMULATOR_ACCOUNT_SID,
  EMULATOR_AUTH_TOKEN,
  EMULATOR_PORT,
  JWT_SECRET,
  OIDC,
  OIDC_PROVIDER_PORT,
  OUTPUT_DIR,
  POSTGRES_SERVER_URL,
  REDIS_SERVER_URL,
  WORKSPACE_ROOT,
} from './support/stack-config';
import { saveStackState, stopRecordedStack } from './support/stack-state';

const log = (line: string) => console.log(line);
const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PROVIDER_PORT}`;

/**
 * Starts the real stack the browser tests talk to: a fresh PostgreSQL database, an empty
 * Redis database, the built Twilio emulator and the built API serving the built admin, then
 * the demo seed, so the grid has real recorded calls to show.
 */
export default async function globalSetup(): Promise<void> {
  await stopRecordedStack(log);
  for (const [what, path] of [
    ['API', BUILT.api],
    ['admin', join(BUILT.admin, 'index.html')],
  ] as const) {
    if (!existsSync(path)) {
      throw new Error(`The ${what} is not built (${path} is missing); run "npx nx e2e admin-e2e", which builds it first.`);
    }
  }
  for (const port of [API_PORT, EMULATOR_PORT, OIDC_PROVIDER_PORT]) {
    if (await portInUse(port)) {
      throw new Error(`Port ${port} is already in use; stop whatever listens there and run again.`);
    }
  }

  await recreateDatabase();
  await flushRedis();
  // The audit checkpoints signed with the last run's key went with its database: the API
  // creates a new key, as on a fresh installation.
  rmSync(AUDIT_SIGNING_KEY_FILE, { force: true });
  const logDir = join(OUTPUT_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  mkdirSync(join(OUTPUT_DIR, 'imports'), { recursive: true });
  mkdirSync(join(OUTPUT_DIR, 'exports'), { recursive: true });
  const recordingsDir = mkdtempSync(join(tmpdir(), 'callrec-e2e-recordings-'));
  const started: { process: StartedProcess; marker: string }[] = [];
  const record = () =>
    saveStackState({
      processes: started.map(({ process, marker }) => ({ name: process.name, pid: process.pid, marker })),
      recordingsDir,
    });

  try {
    if (existsSync(BUILT.emulator)) {
      const emulator = startProcess('twilio-emulator', process.execPath, [BUILT.emulator], {
        cwd: WORKSPACE_ROOT,
        logDir,
        env: {
          ...baseEnv(),
          TWILIO_EMULATOR_PORT: String(EMULATOR_PORT),
          TWILIO_EMULATOR_ACCOUNT_SID: EMULATOR_ACCOUNT_SID,
          TWILIO_EMULATOR_AUTH_TOKEN: EMULATOR_AUTH_TOKEN,
        },
      });
      started.push({ process: emulator, marker: 'dist/apps/twilio-emulator/main.js' });
      record();
      // Any HTTP answer means it listens; its health route is still taking shape.
      await waitForHttp(`http://127.0.0.1:${EMULATOR_PORT}/_emulator/health`, emulator, {
        accept: (status) => status < 500,
      });
      log(`[e2e] Twilio emulator on port ${EMULATOR_PORT}`);
    } else {
      log(`[e2e] ${BUILT.emulator} is not built yet; running without the Twilio emulator.`);
    }

    // A real OpenID provider for single sign-on (design 9.9), before the API that discovers it.
    const accountsFile = join(OUTPUT_DIR, 'oidc-accounts.json');
    writeFileSync(accountsFile, JSON.stringify(OIDC.accounts));
    const oidcProvider = startProcess('oidc-provider', process.execPath, [join(WORKSPACE_ROOT, 'tools/oidc/test-provider.mjs')], {
      cwd: WORKSPACE_ROOT,
      logDir,
      env: {
        ...baseEnv(),
        OIDC_TEST_PORT: String(OIDC_PROVIDER_PORT),
        OIDC_TEST_CLIENT_ID: OIDC.clientId,
        OIDC_TEST_CLIENT_SECRET: OIDC.clientSecret,
        OIDC_TEST_REDIRECT_URIS: `${BASE_URL}/api/auth/oidc/callback`,
        OIDC_TEST_ACCOUNTS: accountsFile,
      },
    });
    started.push({ process: oidcProvider, marker: 'tools/oidc/test-provider.mjs' });
    record();
    await waitForHttp(`${OIDC_ISSUER}/.well-known/openid-configuration`, oidcProvider);
    log(`[e2e] OpenID provider at ${OIDC_ISSUER}`);

    const env = apiEnv(recordingsDir);
    const api = startProcess('api', process.execPath, [BUILT.api], { cwd: WORKSPACE_ROOT, logDir, env });
    started.push({ process: api, marker: 'dist/apps/api/main.js' });
    record();
    await waitForHttp(`${BASE_URL}/api/health`, api, { timeoutMs: 90_000 });
    log(`[e2e] API and admin on ${BASE_URL} (logs in ${logDir})`);

    if (existsSync(BUILT.emulator)) {
      // The demo calls go through the running API's own pipeline, so it must be up first.
      await runToCompletion('seed', process.execPath, [BUILT.cli, 'seed'], { cwd: WORKSPACE_ROOT, logDir, env, timeoutMs: 180_000 });
      log('[e2e] demo data seeded: lists, contacts, users and recorded calls');
    }
  } catch (error) {
    for (const { process } of started.reverse()) {
      await stopProcessGroup(process.pid);
    }
    throw error;
  }
}

/** The API's environment; the seed command runs with the same one so both see one database and one signing key. */
function apiEnv(recordingsDir: string): NodeJS.ProcessEnv {
  return {
    ...baseEnv(),
    PORT: String(API_PORT),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: BASE_URL,
    DATABASE_URL: `${POSTGRES_SERVER_URL}/${E2E_DATABASE}`,
    REDIS_URL: `${REDIS_SERVER_URL}/${E2E_REDIS_DB}`,
    ADMIN_EMAIL: E2E_ADMIN.email,
    ADMIN_PASSWORD: E2E_ADMIN.password,
    TWILIO_EMULATOR_PORT: String(EMULATOR_PORT),
    TWILIO_EMULATOR_ACCOUNT_SID: EMULATOR_ACCOUNT_SID,
    TWILIO_EMULATOR_AUTH_TOKEN: EMULATOR_AUTH_TOKEN,
    JWT_SECRET,
    ADMIN_DIST_DIR: BUILT.admin,
    RECORDINGS_DIR: recordingsDir,
    AUDIT_SIGNING_KEY_FILE,
    // A download that keeps failing becomes FAILED within a second or two instead of minutes,
    // so the Pipeline page's failed list and retry can be tested.
    DOWNLOAD_ATTEMPTS: '3',
    DOWNLOAD_BACKOFF_MS: '250',
    DOWNLOAD_BACKOFF_MAX_MS: '1000',
    // Likewise a callback that cannot be applied is parked after three quick tries, not ~36 over an hour.
    WEBHOOK_MAX_ATTEMPTS: '3',
    // Outbound webhooks (design 9.10): the e2e receiver listens on 127.0.0.1, which is refused
    // unless private addresses are allowed; and a failing delivery gives up after three quick
    // tries rather than over 24 hours, so the Integrations page's failed log and retry can be tested.
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_DELIVERY_DELAYS_MS: '250,500',
    // Uploaded CSV files wait here for the import worker, not in the repository.
    IMPORT_SPOOL_DIR: join(OUTPUT_DIR, 'imports'),
    // Evidence bundles (design 9.6) likewise, rather than exports/ under the workspace root.
    EXPORT_DIR: join(OUTPUT_DIR, 'exports'),
    // Single sign-on through the test provider; passwords stay on for every role (the other specs use them).
    OIDC_ISSUER: OIDC_ISSUER,
    OIDC_CLIENT_ID: OIDC.clientId,
    OIDC_CLIENT_SECRET: OIDC.clientSecret,
    OIDC_ALLOW_INSECURE: 'true',
    OIDC_PROVIDER_NAME: OIDC.providerName,
    OIDC_ROLE_CLAIM: OIDC.roleClaim,
    OIDC_ROLE_MAP: OIDC.roleMap,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  };
}

/** The runner's environment minus anything that would point the stack at real services. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('TWILIO_') || name.startsWith('OIDC_') || ['DATABASE_URL', 'REDIS_URL', 'PASSWORD_LOGIN_ROLES'].includes(name)) {
      delete env[name];
    }
  }
  return env;
}
