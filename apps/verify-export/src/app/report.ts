import { PUBLISHED_KEY_ROUTE } from './bundle-format';
import { formatBytes } from './files.check';
import { VerifyResult } from './verify-bundle';

/** The human report: who exported what and why, the key, then one ✓/✗ line per check. */
export function renderReport(result: VerifyResult): string {
  const { manifest, custody } = result;
  const lines = [`Evidence export ${manifest?.exportId ?? '(unknown: manifest.json unreadable)'}`, `  Bundle         ${result.bundle}`];
  if (custody) {
    lines.push(`  Requested by   ${custody.requestedBy ?? '?'}${custody.requestedAt ? ` at ${custody.requestedAt}` : ''}`);
    lines.push(`  Reason         ${custody.reason ?? '?'}`);
    lines.push(
      `  Approval       ${custody.approval === 'two-person' ? `two-person, by ${custody.approvedBy ?? '?'}` : (custody.approval ?? '?')}`,
    );
    if (custody.builtAt) lines.push(`  Built at       ${custody.builtAt}`);
  }
  if (manifest) {
    const audio = manifest.recordings.reduce((sum, recording) => sum + recording.sizeBytes, 0);
    const excluded = custody?.excluded ? `, ${custody.excluded} excluded` : '';
    lines.push(`  Recordings     ${manifest.recordings.length}, ${formatBytes(audio)} of audio${excluded}`);
  }
  lines.push(`  Audit events   ${result.auditEvents}`);
  lines.push(`  Signing key    ${result.keyId ? `Ed25519, key id ${result.keyId}` : 'none usable'}`);
  if (result.keyId && !result.keyPinned) {
    lines.push(
      `  ! This proves the bundle is intact under the key it carries. Compare key id ${result.keyId}`,
      `    with the operator's published key (${PUBLISHED_KEY_ROUTE}), or pin it: --public-key <pem file>.`,
    );
  }
  lines.push('');
  for (const item of result.checks) {
    lines.push(`${item.ok ? '✓' : '✗'} ${item.title}${item.ok && item.details.length ? ` (${item.details.join('; ')})` : ''}`);
    if (!item.ok) for (const detail of item.details) lines.push(`    - ${detail}`);
  }
  const failed = result.checks.filter((item) => !item.ok).length;
  lines.push('', failed ? `FAILED: ${failed} of ${result.checks.length} checks failed.` : `OK: all ${result.checks.length} checks passed.`);
  return `${lines.join('\n')}\n`;
}

/** The machine-readable result for --json. */
export function renderJson(result: VerifyResult): string {
  return `${JSON.stringify(
    {
      ok: result.ok,
      bundle: result.bundle,
      exportId: result.manifest?.exportId ?? null,
      keyId: result.keyId ?? null,
      keyPinned: result.keyPinned,
      publishedKey: PUBLISHED_KEY_ROUTE,
      recordings: result.manifest?.recordings.length ?? null,
      auditEvents: result.auditEvents,
      custody: result.custody ?? null,
      checks: result.checks,
    },
    null,
    2,
  )}\n`;
}
