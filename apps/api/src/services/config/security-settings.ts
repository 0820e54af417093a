import { isIP } from 'node:net';
import { EnvReader } from './env.reader';

/** What Express's `trust proxy` setting accepts: off/on, a hop count, or addresses, CIDRs and keywords. */
export type TrustProxy = boolean | number | string[];

const TRUST_PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];
/** A secret shorter than this is guessable offline from one signed token or one scrape. */
export const MIN_SECRET_LENGTH = 32;
/**
 * Words that mark a value copied from an example or typed by hand ("change-me-…",
 * "my-super-secret-…"). Six letters or more (five for "dummy"), so that a random base64
 * secret matches one by chance with a probability below one in a million.
 */
const EXAMPLE_WORDS = ['change', 'example', 'secret', 'password', 'replace', 'default', 'sample', 'dummy', 'placeholder', 'insecure'];

/**
 * TRUST_PROXY. Unset means false: the socket's address is the client's, so nobody can choose
 * the audited IP or dodge a per-IP limit with X-Forwarded-For. Behind a proxy the operator
 * names it (addresses, CIDRs, `loopback`…) or counts the hops.
 */
export function readTrustProxy(r: EnvReader): { trustProxy: TrustProxy; trustProxySet: boolean } {
  const value = r.raw('TRUST_PROXY');
  if (value === undefined) return { trustProxy: false, trustProxySet: false };
  const lower = value.toLowerCase();
  if (lower === 'false' || lower === 'true') return { trustProxy: lower === 'true', trustProxySet: true };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 32) r.fail(`TRUST_PROXY as a hop count must be ≤ 32, got "${value}"`);
    return { trustProxy: Math.min(hops, 32), trustProxySet: true };
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => !isTrustEntry(entry));
  if (bad.length > 0 || entries.length === 0) {
    r.fail(
      `TRUST_PROXY must be true, false, a hop count, or a comma list of addresses, CIDRs and ` +
        `${TRUST_PROXY_KEYWORDS.join('/')}; cannot read ${bad.map((entry) => `"${entry}"`).join(', ') || `"${value}"`}`,
    );
  }
  return { trustProxy: entries, trustProxySet: true };
}

function isTrustEntry(entry: string): boolean {
  if (TRUST_PROXY_KEYWORDS.includes(entry.toLowerCase())) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (/^\d+$/.test(prefix)) return Number(prefix) <= (family === 4 ? 32 : 128);
  // proxy-addr also takes an IPv4 netmask: 10.0.0.0/255.0.0.0
  return family === 4 && isIP(prefix) === 4;
}

/** Why a secret is unsafe, or undefined when it is not obviously so. */
export function unsafeSecretReason(value: string): string | undefined {
  if (value.length < MIN_SECRET_LENGTH) return `shorter than ${MIN_SECRET_LENGTH} characters`;
  const lower = value.toLowerCase();
  const word = EXAMPLE_WORDS.find((w) => lower.includes(w));
  if (word) return `it contains "${word}", like an example value`;
  if (new Set(value).size < 10) return 'it repeats a few characters';
  return undefined;
}

export interface ProductionSettings {
  jwtSecret: string | undefined;
  metricsToken: string | undefined;
  trustProxySet: boolean;
  /** The bundled emulator's public demo credentials are in use. */
  emulatorCredentials: boolean;
  emulatorAllowed: boolean;
}

/**
 * With NODE_ENV=production, refuses what is harmless on a laptop and dangerous on a network:
 * a guessable JWT secret (forged sessions), an open or guessable metrics scrape, a forgotten
 * TRUST_PROXY (behind a proxy every client would be audited as the proxy) and the emulator's
 * published credentials (anyone could sign webhooks).
 */
export function checkProduction(r: EnvReader, s: ProductionSettings): void {
  const generate = `e.g. the output of "openssl rand -base64 48"`;
  if (s.jwtSecret === undefined) {
    r.fail(`JWT_SECRET is required when NODE_ENV=production (at least ${MIN_SECRET_LENGTH} random characters, ${generate})`);
  } else {
    const reason = unsafeSecretReason(s.jwtSecret);
    if (reason) r.fail(`JWT_SECRET is unsafe for NODE_ENV=production: ${reason}; use ${MIN_SECRET_LENGTH}+ random characters, ${generate}`);
  }
  if (s.metricsToken === undefined) {
    r.fail(
      `METRICS_TOKEN is required when NODE_ENV=production (the bearer token Prometheus sends to /api/metrics; ${MIN_SECRET_LENGTH}+ random characters)`,
    );
  } else {
    const reason = unsafeSecretReason(s.metricsToken);
    if (reason) r.fail(`METRICS_TOKEN is unsafe for NODE_ENV=production: ${reason}`);
  }
  if (!s.trustProxySet) {
    r.fail(
      'TRUST_PROXY must be set explicitly when NODE_ENV=production: "false" when clients connect directly, ' +
        'or the proxy in front (e.g. "loopback", "10.0.0.0/8", or a hop count); otherwise every client is audited as the proxy',
    );
  }
  if (s.emulatorCredentials && !s.emulatorAllowed) {
    r.fail(
      'TWILIO_EMULATOR_ALLOWED=true is required to run on the bundled Twilio emulator with NODE_ENV=production: ' +
        'its credentials are public, so anyone could sign webhooks. Set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN ' +
        'for a real account, or TWILIO_EMULATOR_ALLOWED=true for a demo',
    );
  }
}

/** An optional secret (JWT_SECRET, METRICS_TOKEN): when set, long enough to resist guessing. */
export function readSecret(r: EnvReader, name: string): string | undefined {
  const value = r.optionalString(name);
  if (value !== undefined && value.length < MIN_SECRET_LENGTH) r.fail(`${name} must be at least ${MIN_SECRET_LENGTH} characters`);
  return value;
}

/** The first ADMIN, created on an empty database: an email, and a password only if one is given (never a default). */
export function readFirstAdmin(r: EnvReader): { adminEmail: string; adminPassword: string | undefined } {
  const adminEmail = r.string('ADMIN_EMAIL', 'admin@example.com').toLowerCase();
  r.matches('ADMIN_EMAIL', adminEmail, /^[^\s@]+@[^\s@]+$/, 'an email address');
  const adminPassword = r.optionalString('ADMIN_PASSWORD');
  if (adminPassword !== undefined && adminPassword.length < 12) r.fail('ADMIN_PASSWORD must be at least 12 characters');
  return { adminEmail, adminPassword };
}
