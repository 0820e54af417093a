/** Names and constants of evidence bundle format v1 (docs: notes/export-format.md, README "Verifying an evidence export"). */
export const BUNDLE_FORMAT = 'callrec-evidence-export';
export const BUNDLE_VERSION = 1;

export const SUMS_FILE = 'SHA256SUMS';
export const SUMS_SIG_FILE = 'SHA256SUMS.sig';
export const MANIFEST_FILE = 'manifest.json';
export const AUDIT_FILE = 'audit.jsonl';
export const CUSTODY_FILE = 'custody.json';
export const PUBLIC_KEY_FILE = 'public-key.pem';

/** Where an operator publishes the signing key that bundles must be compared with. */
export const PUBLISHED_KEY_ROUTE = 'GET /api/audit-events/public-key';

/** One line of the report. */
export interface CheckResult {
  title: string;
  ok: boolean;
  /** What was checked when it passed, every problem found when it failed. */
  details: string[];
}

export function check(title: string, problems: string[], passed: string[] = []): CheckResult {
  return problems.length ? { title, ok: false, details: problems } : { title, ok: true, details: passed };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a JSON file of the bundle, or says why it cannot. */
export function parseJsonFile(name: string, bytes: Buffer | undefined): { value?: Record<string, unknown>; problem?: string } {
  if (!bytes) return { problem: `${name} is missing` };
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return isRecord(value) ? { value } : { problem: `${name} is not a JSON object` };
  } catch (error) {
    return { problem: `${name} is not valid JSON: ${(error as Error).message}` };
  }
}
