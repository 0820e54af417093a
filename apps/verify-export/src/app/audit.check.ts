import { auditHash, checkpointBytes, GENESIS_HASH } from '@callrec/evidence';
import { verify } from 'node:crypto';
import { AUDIT_FILE, check, CheckResult, isRecord } from './bundle-format';
import { AuditFile } from './audit-lines';
import { SigningKey } from './signature.check';

const EXPORT_BUILT = 'EXPORT_BUILT';

/** Each event's hash recomputes from its prevHash and its own fields, as the API's writer computed it. */
export function checkEventHashes(audit: AuditFile): CheckResult {
  const problems = [...audit.problems];
  for (const event of audit.events) {
    const hash = auditHash(event.prevHash, { ...event, at: new Date(event.at) });
    if (hash !== event.hash)
      problems.push(`event ${event.seq} (line ${event.line}, ${event.action}) does not hash to its recorded hash: it was altered`);
    if (event.seq === 1 && event.prevHash !== GENESIS_HASH) problems.push('event 1 does not start from the genesis hash');
  }
  if (!audit.events.length && !audit.problems.length) problems.push(`${AUDIT_FILE} holds no events`);
  return check(`${AUDIT_FILE}: every event's hash recomputes`, problems, [`${audit.events.length} events`]);
}

/**
 * Seqs strictly ascend, and where two seqs are consecutive the later one's prevHash is the
 * earlier one's hash. Gaps are events about other recordings, which the bundle leaves out.
 */
export function checkLinks(audit: AuditFile): CheckResult {
  const problems: string[] = [];
  let links = 0;
  audit.events.forEach((event, index) => {
    const previous = audit.events[index - 1];
    if (!previous) return;
    if (event.seq <= previous.seq)
      problems.push(`event ${event.seq} (line ${event.line}) comes after event ${previous.seq}: seqs must ascend`);
    else if (event.seq === previous.seq + 1) {
      links += 1;
      if (event.prevHash !== previous.hash)
        problems.push(`event ${event.seq} does not link to event ${previous.seq}: its prevHash is not that event's hash`);
    }
  });
  return check(`${AUDIT_FILE}: seqs ascend and consecutive events link`, problems, [`${links} links between consecutive events`]);
}

/**
 * The checkpoint is signed by the bundle's key over checkpointBytes(payload), and it anchors
 * this export's EXPORT_BUILT event, the newest event in the file.
 */
export function checkCheckpoint(audit: AuditFile, key: SigningKey | undefined, exportId: string | undefined): CheckResult {
  const title = `${AUDIT_FILE}: the signed checkpoint covers this export's EXPORT_BUILT event`;
  const checkpoint = audit.checkpoint;
  if (!checkpoint) return check(title, [`${AUDIT_FILE} has no well-formed checkpoint line`]);
  const { payload, signature } = checkpoint;
  const problems: string[] = [];
  if (!key) problems.push('there is no usable public-key.pem to check the checkpoint with');
  else {
    if (payload.keyId !== key.keyId) problems.push(`the checkpoint names key ${payload.keyId}, the bundle's key is ${key.keyId}`);
    if (!verify(null, checkpointBytes(payload), key.key, signature))
      problems.push(`the checkpoint's signature does not verify under key ${key.keyId}`);
  }
  const anchor = audit.events.find((event) => event.seq === payload.seq);
  if (!anchor) problems.push(`the checkpoint covers event ${payload.seq}, which is not in the file`);
  else {
    if (anchor.hash !== payload.hash)
      problems.push(`the checkpoint records hash ${payload.hash} for event ${payload.seq}, the file has ${anchor.hash}`);
    const anchorExport = isRecord(anchor.details) ? anchor.details['exportId'] : undefined;
    if (anchor.action !== EXPORT_BUILT || anchorExport !== exportId) {
      problems.push(
        `event ${payload.seq} is ${anchor.action} for export ${JSON.stringify(anchorExport)}, not EXPORT_BUILT of export ${JSON.stringify(exportId)}`,
      );
    }
  }
  const later = audit.events.filter((event) => event.seq > payload.seq);
  if (later.length) problems.push(`events ${later.map((event) => event.seq).join(', ')} come after the checkpoint's event ${payload.seq}`);
  return check(title, problems, [`event ${payload.seq}, signed at ${payload.at} by key ${payload.keyId}`]);
}
