import { join, resolve } from 'node:path';

/**
 * Everything the e2e stack is started with: fixed values so a failing run can be replayed. Ports,
 * databases and the output folder may be moved by env (E2E_API_PORT, E2E_EMULATOR_PORT,
 * E2E_OIDC_PORT, E2E_DATABASE, E2E_REDIS_DB, E2E_OUTPUT_DIR) so two stacks can share a machine.
 */
export const WORKSPACE_ROOT = resolve(__dirname, '../../..');
export const OUTPUT_DIR = resolve(WORKSPACE_ROOT, process.env['E2E_OUTPUT_DIR'] ?? 'apps/admin-e2e/test-output');
export const SCREENSHOT_DIR = join(OUTPUT_DIR, 'screenshots');
/** Process ids of the running stack, so teardown (or the next run) can stop them. */
export const STACK_STATE_FILE = join(OUTPUT_DIR, 'stack.json');
/**
 * The API's audit signing key (AUDIT_SIGNING_KEY_FILE), which it creates on first start. Its
 * default, `keys/` under the working directory, would be the repository: the stack runs
 * from the workspace root.
 */
export const AUDIT_SIGNING_KEY_FILE = join(OUTPUT_DIR, 'keys', 'audit-signing-key.pem');

export const API_PORT = intFromEnv('E2E_API_PORT', 3101, 1, 65535);
export const EMULATOR_PORT = intFromEnv('E2E_EMULATOR_PORT', 3111, 1, 65535);
/** The test OpenID provider (tools/oidc/test-provider.mjs) the API's single sign-on points at. */
export const OIDC_PROVIDER_PORT = intFromEnv('E2E_OIDC_PORT', 3121, 1, 65535);
export const BASE_URL = `http://127.0.0.1:${API_PORT}`;

/** The server the e2e database lives on; `postgres` is the maintenance database used to drop it. */
export const POSTGRES_SERVER_URL = process.env['E2E_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432';
export const E2E_DATABASE = databaseFromEnv('E2E_DATABASE', 'callrec_e2e');
export const REDIS_SERVER_URL = process.env['E2E_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const E2E_REDIS_DB = intFromEnv('E2E_REDIS_DB', 14, 0, 15);

export const E2E_ADMIN = {
  email: 'e2e.admin@example.com',
  password: 'e2e-admin-password-0001',
  /** The API names the first admin it creates. */
  name: 'Administrator',
} as const;

/** Same values for the emulator and the API, so the two agree whatever their defaults are. */
export const EMULATOR_ACCOUNT_SID = 'AC00000000000000000000000000e2e001';
export const EMULATOR_AUTH_TOKEN = 'e2e-emulator-auth-token-000000001';
export const JWT_SECRET = 'e2e-jwt-secret-not-for-production-000001';

/** Single sign-on: the provider's client, and its people (login = subject; `groups` carries the role). */
export const OIDC = {
  providerName: 'Test IdP',
  clientId: 'callrec-e2e',
  clientSecret: 'e2e-oidc-client-secret-000000000001',
  roleClaim: 'groups',
  roleMap: 'callrec-admins=ADMIN,callrec-compliance=COMPLIANCE,callrec-supervisors=SUPERVISOR,callrec-agents=AGENT',
  accounts: {
    'carla.compliance': {
      password: 'carla-password-0001',
      claims: {
        email: 'carla.compliance@sso.example',
        email_verified: true,
        name: 'Carla Compliance',
        groups: ['everyone', 'callrec-compliance'],
      },
    },
    'nils.norole': {
      password: 'nils-password-0001',
      claims: { email: 'nils.norole@sso.example', email_verified: true, name: 'Nils Norole', groups: ['everyone'] },
    },
  },
} as const;

export const BUILT = {
  api: join(WORKSPACE_ROOT, 'dist/apps/api/main.js'),
  /** Operator commands (`migrate`, `seed`), built beside the API. */
  cli: join(WORKSPACE_ROOT, 'dist/apps/api/cli.js'),
  admin: join(WORKSPACE_ROOT, 'dist/apps/admin/browser'),
  emulator: join(WORKSPACE_ROOT, 'dist/apps/twilio-emulator/main.js'),
} as const;

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** The name goes into DROP/CREATE DATABASE unquoted, so only a plain identifier is taken. */
function databaseFromEnv(name: string, fallback: string): string {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
    throw new Error(`${name} must be a lower-case identifier (letters, digits, _), got "${raw}"`);
  }
  return raw;
}
