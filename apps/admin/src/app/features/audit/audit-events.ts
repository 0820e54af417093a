import { AuditAction, AuditEventDto } from '@callrec/contracts';
import { StatusLook } from '../../ui/status-chips/status-labels';
import { formatFileSize } from '../../ui/file-size/file-size.pipe';

export const AUDIT_ACTION_LOOKS: Record<AuditAction, StatusLook> = {
  RECORDING_METADATA_VIEWED: { label: 'Details viewed', tone: 'neutral', icon: 'visibility' },
  RECORDING_PLAYED: { label: 'Played', tone: 'info', icon: 'play_arrow' },
  RECORDING_DOWNLOADED: { label: 'Downloaded', tone: 'violet', icon: 'download' },
  RECORDING_DELETED: { label: 'Recording deleted', tone: 'error', icon: 'delete' },
  RECORDING_RETRIED: { label: 'Download retried', tone: 'neutral', icon: 'refresh' },
  ACCESS_DENIED: { label: 'Access denied', tone: 'warning', icon: 'block' },
  POLICY_CREATED: { label: 'Policy created', tone: 'neutral', icon: 'auto_delete' },
  POLICY_UPDATED: { label: 'Policy changed', tone: 'neutral', icon: 'auto_delete' },
  POLICY_DELETED: { label: 'Policy deleted', tone: 'warning', icon: 'auto_delete' },
  HOLD_CREATED: { label: 'Hold placed', tone: 'info', icon: 'gavel' },
  HOLD_RELEASED: { label: 'Hold released', tone: 'warning', icon: 'lock_open' },
  RETENTION_RUN: { label: 'Retention sweep', tone: 'neutral', icon: 'delete_sweep' },
  ERASURE_REQUESTED: { label: 'Erasure', tone: 'error', icon: 'person_remove' },
  CALL_OUTCOME_CHANGED: { label: 'Outcome changed', tone: 'info', icon: 'edit_note' },
  RECORDING_DELETION_FAILED: { label: 'Deletion failed', tone: 'error', icon: 'report' },
  USER_CREATED: { label: 'User created', tone: 'neutral', icon: 'person_add' },
  USER_UPDATED: { label: 'User changed', tone: 'neutral', icon: 'manage_accounts' },
  LOGIN_FAILED: { label: 'Sign-in failed', tone: 'warning', icon: 'lock' },
  LOGIN_SUCCEEDED: { label: 'Signed in', tone: 'neutral', icon: 'login' },
  LOGOUT: { label: 'Signed out', tone: 'neutral', icon: 'logout' },
  SESSIONS_REVOKED: { label: 'Sessions ended', tone: 'warning', icon: 'phonelink_erase' },
  RECORDING_PLAYBACK_ENDED: { label: 'Playback ended', tone: 'info', icon: 'stop_circle' },
  WEBHOOK_EVENT_RETRIED: { label: 'Callback retried', tone: 'neutral', icon: 'replay' },
  DATA_LIST_CREATED: { label: 'Data list created', tone: 'neutral', icon: 'playlist_add' },
  DATA_LIST_UPDATED: { label: 'Data list changed', tone: 'neutral', icon: 'edit_note' },
  CONTACT_CREATED: { label: 'Contact created', tone: 'neutral', icon: 'person_add' },
  CONTACT_UPDATED: { label: 'Contact changed', tone: 'neutral', icon: 'contact_page' },
  CONTACTS_IMPORT_STARTED: { label: 'Import started', tone: 'info', icon: 'upload_file' },
  CONTACTS_IMPORT_FINISHED: { label: 'Import finished', tone: 'info', icon: 'task' },
  API_KEY_CREATED: { label: 'API key created', tone: 'warning', icon: 'key' },
  API_KEY_REVOKED: { label: 'API key revoked', tone: 'warning', icon: 'key_off' },
  API_KEY_USED: { label: 'API key used', tone: 'neutral', icon: 'smart_toy' },
  WEBHOOK_ENDPOINT_CREATED: { label: 'Webhook added', tone: 'neutral', icon: 'webhook' },
  WEBHOOK_ENDPOINT_UPDATED: { label: 'Webhook changed', tone: 'neutral', icon: 'webhook' },
  WEBHOOK_ENDPOINT_DELETED: { label: 'Webhook removed', tone: 'warning', icon: 'webhook' },
  WEBHOOK_DELIVERY_RETRIED: { label: 'Delivery retried', tone: 'neutral', icon: 'replay' },
  RECORDING_STORAGE_MOVED: { label: 'Recording moved', tone: 'info', icon: 'drive_file_move' },
  RECORDING_ENCRYPTED: { label: 'Recording encrypted', tone: 'info', icon: 'lock' },
  ENCRYPTION_KEYS_ROTATED: { label: 'Keys rotated', tone: 'warning', icon: 'key' },
  EXPORT_REQUESTED: { label: 'Export requested', tone: 'violet', icon: 'inventory_2' },
  EXPORT_APPROVED: { label: 'Export approved', tone: 'violet', icon: 'how_to_reg' },
  EXPORT_BUILT: { label: 'Export built', tone: 'violet', icon: 'inventory_2' },
  EXPORT_DOWNLOADED: { label: 'Export downloaded', tone: 'violet', icon: 'download' },
  CALL_RECORDS_EXPORTED: { label: 'Call records exported', tone: 'violet', icon: 'table_view' },
  ORPHAN_ADOPTED: { label: 'Orphan recording adopted', tone: 'warning', icon: 'call_missed' },
  CALL_RECORD_ATTACHED: { label: 'Call attached', tone: 'info', icon: 'link' },
  TWO_FACTOR_ENROLLED: { label: 'Second factor set up', tone: 'neutral', icon: 'phonelink_lock' },
  TWO_FACTOR_DISABLED: { label: 'Second factor turned off', tone: 'warning', icon: 'phonelink_erase' },
  TWO_FACTOR_RESET: { label: 'Second factor reset', tone: 'warning', icon: 'lock_reset' },
  TWO_FACTOR_FAILED: { label: 'Wrong sign-in code', tone: 'warning', icon: 'pin' },
  RECOVERY_CODE_USED: { label: 'Recovery code used', tone: 'warning', icon: 'key' },
  OIDC_LOGIN_REFUSED: { label: 'Single sign-on refused', tone: 'warning', icon: 'no_accounts' },
};

export interface DetailEntry {
  readonly label: string;
  readonly value: string;
  /** Hashes and ids: shown in a monospace font, wrapped anywhere. */
  readonly mono?: boolean;
}

/** One line in the table, saying what happened in the event's own terms. */
export function eventSummary(event: AuditEventDto): string {
  const d = event.details;
  switch (event.action) {
    case 'RECORDING_DELETED':
      return text(d['reason']) ?? 'Recording deleted';
    case 'WEBHOOK_EVENT_RETRIED':
      return `${text(d['recordingSid']) ?? text(d['callSid']) ?? ''}, parked after ${num(d['attempts'])} failed attempts`;
    case 'RETENTION_RUN':
      return text(d['error'])
        ? `Sweep failed: ${text(d['error'])}`
        : `Deleted ${num(d['deleted'])} of ${num(d['matched'])} expired; ${num(d['skippedHeld'])} kept under hold` +
            (num(d['failed']) > 0 ? `; ${num(d['failed'])} could not be removed` : '');
    case 'HOLD_CREATED':
    case 'HOLD_RELEASED':
      return [text(d['name']), text(d['reason'])].filter((part) => part !== null).join(': ');
    case 'POLICY_CREATED':
    case 'POLICY_UPDATED':
    case 'POLICY_DELETED':
      return policyName(d) ?? '';
    case 'ERASURE_REQUESTED':
      // Events before the second build named the number; later ones only its pseudonym.
      return `${text(d['pseudonym']) ?? text(d['phone']) ?? ''}: ${num(d['deleted']) + num(d['erasedBeforeStored'])} erased`;
    case 'CALL_OUTCOME_CHANGED':
      return `${text(d['from']) ?? 'none'} → ${text(d['to']) ?? ''}${text(d['reason']) ? `: ${text(d['reason'])}` : ''}`;
    case 'RECORDING_DELETION_FAILED':
      return text(d['error']) ?? 'The audio could not be removed';
    case 'ACCESS_DENIED':
      // Refusals without a valid token come as one digest per address and minute.
      if (typeof d['count'] === 'number') {
        const limited = num(d['rateLimited']) > 0 ? ` (${num(d['rateLimited'])} answered 429)` : '';
        return `${d['count']} refused media request${d['count'] === 1 ? '' : 's'} in one minute${limited}`;
      }
      return [text(d['method']), text(d['path'])].filter((part) => part !== null).join(' ');
    case 'RECORDING_PLAYBACK_ENDED': {
      const ranges = Array.isArray(d['ranges']) ? d['ranges'].length : 0;
      return `${ranges} range${ranges === 1 ? '' : 's'}, ${formatFileSize(num(d['bytes']))} (${Math.round(num(d['fraction']) * 100)} % of the file)`;
    }
    case 'USER_CREATED':
      return text(d['email']) ?? '';
    case 'LOGIN_SUCCEEDED':
      return text(d['email']) ?? '';
    case 'DATA_LIST_CREATED':
    case 'DATA_LIST_UPDATED':
      return snapshotName(d) ?? '';
    case 'CONTACT_CREATED':
    case 'CONTACT_UPDATED':
      return [text(d['name']), text(d['phone'])].filter((part) => part !== null).join(', ');
    case 'CONTACTS_IMPORT_STARTED':
      return [text(d['dataListName']), text(d['fileName'])].filter((part) => part !== null).join(': ');
    case 'CONTACTS_IMPORT_FINISHED':
      return importSummary(d);
    case 'API_KEY_CREATED':
    case 'API_KEY_REVOKED':
      return [text(d['name']), text(d['role'])].filter((part) => part !== null).join(' · ');
    case 'API_KEY_USED':
      return [text(d['method']), text(d['path'])].filter((part) => part !== null).join(' ');
    case 'WEBHOOK_ENDPOINT_CREATED':
    case 'WEBHOOK_ENDPOINT_UPDATED':
    case 'WEBHOOK_ENDPOINT_DELETED':
      return text(d['url']) ?? snapshotField(d, 'url') ?? '';
    case 'WEBHOOK_DELIVERY_RETRIED':
      return [text(d['eventType']), text(d['url'])].filter((part) => part !== null).join(' to ');
    case 'RECORDING_STORAGE_MOVED':
      return [text(d['from']), text(d['to'])].filter((part) => part !== null).join(' → ');
    case 'RECORDING_ENCRYPTED':
      return text(d['kekId']) ? `under key ${text(d['kekId'])}` : '';
    case 'ENCRYPTION_KEYS_ROTATED': {
      const count = num(d['rewrapped']);
      return `${count} data key${count === 1 ? '' : 's'} rewrapped under ${text(d['activeKekId']) ?? 'the active key'}`;
    }
    case 'EXPORT_REQUESTED':
    case 'EXPORT_APPROVED':
    case 'EXPORT_BUILT':
    case 'EXPORT_DOWNLOADED':
      return [text(d['reason']), d['total'] === undefined ? null : `${num(d['total'])} recordings`]
        .filter((part) => part !== null)
        .join(' · ');
    case 'CALL_RECORDS_EXPORTED':
      return `${num(d['rows'])} rows as CSV`;
    case 'ORPHAN_ADOPTED':
      return [text(d['twilioRecordingSid']), text(d['twilioCallSid'])].filter((part) => part !== null).join(' of ');
    case 'CALL_RECORD_ATTACHED':
      return [text(d['agentName']), text(d['dataListLabel']), text(d['reason'])].filter((part) => part !== null).join(' · ');
    case 'TWO_FACTOR_ENROLLED':
    case 'TWO_FACTOR_DISABLED':
    case 'TWO_FACTOR_RESET':
    case 'TWO_FACTOR_FAILED':
      return [text(d['email']), text(d['reason'])].filter((part) => part !== null).join(' · ');
    case 'RECOVERY_CODE_USED': {
      const left = num(d['remaining']);
      return [text(d['email']), `${left} code${left === 1 ? '' : 's'} left`].filter((part) => part !== null).join(' · ');
    }
    case 'SESSIONS_REVOKED': {
      const count = num(d['count']);
      return `${count} session${count === 1 ? '' : 's'} ended: ${text(d['reason']) ?? 'account changed'}`;
    }
    default:
      return '';
  }
}

/**
 * Every fact of an event for the expanded row. A deletion's tombstone comes first and in
 * words (who, why, which file, its checksum): it is what an auditor opens the row for.
 */
export function eventDetails(event: AuditEventDto): DetailEntry[] {
  const entries: DetailEntry[] = [];
  const d = event.details;
  if (event.action === 'RECORDING_DELETED') {
    push(entries, 'Deleted by', text(d['deletedBy']));
    push(entries, 'Reason', text(d['reason']));
    push(entries, 'Recording SID', text(d['twilioRecordingSid']), true);
    push(entries, 'SHA-256 of the deleted file', text(d['sha256']), true);
    push(entries, 'Size', typeof d['sizeBytes'] === 'number' ? formatFileSize(d['sizeBytes']) : null);
  }
  const shown = new Set(event.action === 'RECORDING_DELETED' ? ['deletedBy', 'reason', 'twilioRecordingSid', 'sha256', 'sizeBytes'] : []);
  for (const [key, value] of Object.entries(d)) {
    if (!shown.has(key) && value !== null && value !== undefined) {
      push(entries, humanize(key), typeof value === 'object' ? JSON.stringify(value) : String(value), typeof value === 'object');
    }
  }
  push(entries, 'Recording id', event.recordingId, true);
  push(entries, 'IP address', event.ip, true);
  push(entries, 'Browser', event.userAgent);
  push(entries, 'Event number', String(event.seq));
  push(entries, 'Hash', event.hash, true);
  push(entries, 'Previous hash', event.prevHash, true);
  return entries;
}

function policyName(details: Record<string, unknown>): string | null {
  return snapshotField(details, 'name');
}

/** A data list's name, whether the event holds it flat or in before/after snapshots. */
function snapshotName(details: Record<string, unknown>): string | null {
  return text(details['name']) ?? snapshotField(details, 'name');
}

/** A field of the `after` snapshot, else of `before`: what a change event names the thing by. */
function snapshotField(details: Record<string, unknown>, field: string): string | null {
  for (const key of ['after', 'before']) {
    const snapshot = details[key];
    if (typeof snapshot === 'object' && snapshot !== null) {
      const value = text((snapshot as Record<string, unknown>)[field]);
      if (value !== null) {
        return value;
      }
    }
  }
  return null;
}

function importSummary(details: Record<string, unknown>): string {
  const list = text(details['dataListName']);
  const prefix = list ? `${list}: ` : '';
  if (details['status'] === 'failed') {
    return `${prefix}failed${text(details['failure']) ? `: ${text(details['failure'])}` : ''}`;
  }
  const rejected = num(details['rejected']);
  return `${prefix}${num(details['imported'])} added, ${num(details['updated'])} updated, ${rejected} rejected`;
}

function push(entries: DetailEntry[], label: string, value: string | null, mono = false): void {
  if (value !== null && value !== '') {
    entries.push({ label, value, mono });
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** `skippedHeld` → "Skipped held". */
function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
