import { AUDIT_FILE, check, CheckResult, CUSTODY_FILE, isRecord, parseJsonFile } from './bundle-format';
import { AuditFile } from './audit-lines';
import { ManifestFacts } from './manifest.check';
import { ZipBundle } from './zip-bundle.reader';

/** Who asked, why and who approved: what the report prints at the top. */
export interface CustodyFacts {
  requestedBy?: string;
  requestedAt?: string;
  reason?: string;
  approval?: string;
  approvedBy?: string;
  builtAt?: string;
  excluded: number;
}

/**
 * custody.json names the same export as the manifest, its counts are what the bundle holds,
 * the server's chain check before the build passed, and the export's own steps are audited.
 */
export function checkCustody(
  zip: ZipBundle,
  manifest: ManifestFacts | undefined,
  audit: AuditFile,
): { result: CheckResult; facts?: CustodyFacts } {
  const title = `${CUSTODY_FILE} agrees with the manifest and ${AUDIT_FILE}`;
  const { value: custody, problem } = parseJsonFile(CUSTODY_FILE, zip.files.get(CUSTODY_FILE));
  if (!custody) return { result: check(title, [problem ?? `${CUSTODY_FILE} is unreadable`]) };
  const problems: string[] = [];
  const exportId = custody['exportId'];
  if (!manifest) problems.push('manifest.json has no exportId to compare with');
  else if (exportId !== manifest.exportId) problems.push(`exportId is ${JSON.stringify(exportId)}, the manifest's is ${manifest.exportId}`);

  const counts = isRecord(custody['counts']) ? custody['counts'] : {};
  const expect = (name: string, actual: number, what: string): void => {
    if (counts[name] !== actual) problems.push(`counts.${name} is ${JSON.stringify(counts[name])}, the bundle holds ${actual} ${what}`);
  };
  if (manifest) {
    expect('recordings', manifest.recordings.length, 'recordings');
    expect(
      'audioBytes',
      manifest.recordings.reduce((sum, recording) => sum + recording.sizeBytes, 0),
      'bytes of audio',
    );
  }
  expect('auditEvents', audit.events.length, `events in ${AUDIT_FILE}`);

  const chain = custody['auditChain'];
  if (!isRecord(chain) || chain['ok'] !== true)
    problems.push('auditChain.ok is not true: the server did not find its audit chain intact before the build');

  const approval = custody['approval'];
  const steps = ['EXPORT_REQUESTED', ...(approval === 'two-person' ? ['EXPORT_APPROVED'] : []), 'EXPORT_BUILT'];
  for (const step of steps) {
    const audited = audit.events.some(
      (event) => event.action === step && isRecord(event.details) && event.details['exportId'] === exportId,
    );
    if (!audited) problems.push(`${AUDIT_FILE} has no ${step} event for this export`);
  }
  const facts: CustodyFacts = {
    requestedBy: person(custody['requestedBy']),
    requestedAt: text(custody['requestedAt']),
    reason: text(custody['reason']),
    approval: text(approval),
    approvedBy: person(custody['approvedBy']),
    builtAt: text(custody['builtAt']),
    excluded: Array.isArray(custody['excluded']) ? custody['excluded'].length : 0,
  };
  return { result: check(title, problems, [`export ${String(exportId)}`]), facts };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function person(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const name = text(value['name']);
  const email = text(value['email']);
  return [name, email && `<${email}>`].filter(Boolean).join(' ') || text(value['id']);
}
