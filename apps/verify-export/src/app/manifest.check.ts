import { BUNDLE_FORMAT, BUNDLE_VERSION, check, CheckResult, isRecord, MANIFEST_FILE, parseJsonFile } from './bundle-format';
import { UNSUMMED } from './files.check';
import { Sha256Sums } from './sha256sums';
import { SigningKey } from './signature.check';
import { ZipBundle } from './zip-bundle.reader';

export interface ManifestRecording {
  recordingId: string;
  file: string;
  sizeBytes: number;
}

/** What the other checks need from the manifest, when it could be read. */
export interface ManifestFacts {
  exportId: string;
  createdAt?: string;
  recordings: ManifestRecording[];
}

/**
 * manifest.json agrees with the ZIP: format and version, the signing key, each recording's
 * hash and size, and `files` naming exactly the entries in ZIP order.
 */
export function checkManifest(
  zip: ZipBundle,
  sums: Sha256Sums | null,
  key: SigningKey | undefined,
): { result: CheckResult; facts?: ManifestFacts } {
  const title = 'manifest.json agrees with SHA256SUMS, the key and the ZIP entries';
  const { value: manifest, problem } = parseJsonFile(MANIFEST_FILE, zip.files.get(MANIFEST_FILE));
  if (!manifest) return { result: check(title, [problem ?? `${MANIFEST_FILE} is unreadable`]) };
  const problems: string[] = [];
  if (manifest['format'] !== BUNDLE_FORMAT || manifest['version'] !== BUNDLE_VERSION) {
    problems.push(
      `format is ${JSON.stringify(manifest['format'])} version ${JSON.stringify(manifest['version'])}; this verifier reads ${BUNDLE_FORMAT} version ${BUNDLE_VERSION}`,
    );
  }
  const exportId = manifest['exportId'];
  if (typeof exportId !== 'string' || !exportId) problems.push('exportId is missing');
  const signingKey = manifest['signingKey'];
  if (!isRecord(signingKey) || signingKey['algorithm'] !== 'Ed25519') problems.push('signingKey.algorithm is not "Ed25519"');
  else if (key && signingKey['keyId'] !== key.keyId)
    problems.push(`signingKey.keyId is ${JSON.stringify(signingKey['keyId'])}, public-key.pem's is ${key.keyId}`);

  const entries = new Map(zip.entries.map((entry) => [entry.name, entry]));
  const recordings: ManifestRecording[] = [];
  const listed = manifest['recordings'];
  if (!Array.isArray(listed)) problems.push('recordings is not a list');
  for (const [index, item] of (Array.isArray(listed) ? listed : []).entries()) {
    const where = `recordings[${index}]`;
    if (!isRecord(item) || typeof item['file'] !== 'string' || typeof item['recordingId'] !== 'string') {
      problems.push(`${where} has no recordingId or file`);
      continue;
    }
    const file = item['file'];
    const entry = entries.get(file);
    if (!file.startsWith('recordings/')) problems.push(`${where}.file ${file} is not under recordings/`);
    if (!entry) problems.push(`${where}.file ${file} is not in the ZIP`);
    if (sums && item['sha256'] !== sums.sums.get(file)) {
      problems.push(
        `${where}.sha256 for ${file} is ${JSON.stringify(item['sha256'])}, SHA256SUMS says ${sums.sums.get(file) ?? 'nothing'}`,
      );
    }
    if (entry && item['sizeBytes'] !== entry.size)
      problems.push(`${where}.sizeBytes for ${file} is ${JSON.stringify(item['sizeBytes'])}, the entry is ${entry.size} bytes`);
    if (typeof item['metadata'] !== 'string' || !entries.has(item['metadata'])) {
      problems.push(`${where}.metadata ${JSON.stringify(item['metadata'])} is not in the ZIP`);
    }
    recordings.push({ recordingId: item['recordingId'], file, sizeBytes: entry?.size ?? 0 });
  }

  const expectedFiles = zip.entries.map((entry) => entry.name).filter((name) => !UNSUMMED.has(name));
  const files = manifest['files'];
  if (!Array.isArray(files)) problems.push('files is not a list');
  else if (JSON.stringify(files) !== JSON.stringify(expectedFiles)) {
    const listedSet = new Set(files);
    const extra = files.filter((name) => !expectedFiles.includes(name));
    const missing = expectedFiles.filter((name) => !listedSet.has(name));
    if (extra.length) problems.push(`files lists what is not in the ZIP: ${extra.join(', ')}`);
    if (missing.length) problems.push(`files does not list: ${missing.join(', ')}`);
    if (!extra.length && !missing.length) problems.push('files lists the entries in another order than the ZIP');
  }
  const facts = typeof exportId === 'string' && exportId ? { exportId, createdAt: stringOr(manifest['createdAt']), recordings } : undefined;
  return {
    result: check(title, problems, [`export ${String(exportId)}, ${recordings.length} recordings, ${expectedFiles.length} files`]),
    facts,
  };
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
