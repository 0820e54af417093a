import { checkCheckpoint, checkEventHashes, checkLinks } from './audit.check';
import { parseAuditFile } from './audit-lines';
import { AUDIT_FILE, check, CheckResult, SUMS_FILE } from './bundle-format';
import { checkCustody, CustodyFacts } from './custody.check';
import { checkEntryNames, checkFileHashes, checkSumsCoverage } from './files.check';
import { checkManifest, ManifestFacts } from './manifest.check';
import { parseSha256Sums } from './sha256sums';
import { bundleKey, checkPinnedKey, checkSumsSignature, SigningKey } from './signature.check';
import { readZipBundle, ZipBundle } from './zip-bundle.reader';

export interface VerifyOptions {
  /** The operator's published key, when the auditor pins it with --public-key. */
  pinned?: { key: SigningKey; path: string };
}

export interface VerifyResult {
  ok: boolean;
  bundle: string;
  keyId?: string;
  /** True when --public-key pinned the key; otherwise the reader must compare the key id by hand. */
  keyPinned: boolean;
  manifest?: ManifestFacts;
  custody?: CustodyFacts;
  auditEvents: number;
  checks: CheckResult[];
}

/** Runs every check on the bundle at `path`; a ZIP that does not open is the one failed check. */
export async function verifyBundle(path: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const result: VerifyResult = { ok: false, bundle: path, keyPinned: Boolean(options.pinned), auditEvents: 0, checks: [] };
  let zip: ZipBundle;
  try {
    zip = await readZipBundle(path);
  } catch (error) {
    result.checks.push(check('The ZIP opens', [`${path} is not a readable ZIP: ${(error as Error).message}`]));
    return result;
  }
  result.checks.push(check('The ZIP opens', [], [`${zip.entries.length} entries`]));
  result.checks.push(checkEntryNames(zip));

  const sumsBytes = zip.files.get(SUMS_FILE);
  const sums = sumsBytes ? parseSha256Sums(sumsBytes) : null;
  result.checks.push(checkSumsCoverage(zip, sums), checkFileHashes(zip, sums));

  const { key, problem: keyProblem } = bundleKey(zip);
  result.keyId = key?.keyId;
  result.checks.push(checkSumsSignature(zip, key, keyProblem));
  if (options.pinned) result.checks.push(checkPinnedKey(key, options.pinned.key, options.pinned.path));

  const manifest = checkManifest(zip, sums, key);
  result.manifest = manifest.facts;
  result.checks.push(manifest.result);

  const audit = parseAuditFile(zip.files.get(AUDIT_FILE));
  result.auditEvents = audit.events.length;
  result.checks.push(checkEventHashes(audit), checkLinks(audit), checkCheckpoint(audit, key, manifest.facts?.exportId));

  const custody = checkCustody(zip, manifest.facts, audit);
  result.custody = custody.facts;
  result.checks.push(custody.result);

  result.ok = result.checks.every((item) => item.ok);
  return result;
}
