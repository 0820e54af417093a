/**
 * Enumerations shared by the API and the admin. Each is a readonly tuple so that both
 * sides can validate against the list and derive a string-union type from it.
 */
export const ROLES = ['ADMIN', 'COMPLIANCE', 'SUPERVISOR', 'AGENT'] as const;
export type Role = (typeof ROLES)[number];

/** Roles of machine credentials (design 9.10): a dialer places calls, a reader reads facts, never audio. */
export const API_KEY_ROLES = ['DIALER', 'READER'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** Whoever a route may admit: a person's role or a machine's. */
export type AccessRole = Role | ApiKeyRole;

/** Twilio's call status words, verbatim (design section 4). */
export const CALL_STATUSES = ['queued', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** Statuses after which Twilio sends nothing more about a call. */
export const TERMINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

export const CALL_OUTCOMES = [
  'SALE',
  'CALLBACK',
  'NOT_INTERESTED',
  'NO_ANSWER',
  'VOICEMAIL',
  'WRONG_NUMBER',
  'DO_NOT_CALL',
  'OTHER',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const RECORDING_STATUSES = ['PENDING', 'DOWNLOADING', 'STORED', 'FAILED', 'ABSENT', 'DELETING', 'DELETED'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

export const AUDIT_ACTIONS = [
  'RECORDING_METADATA_VIEWED',
  'RECORDING_PLAYED',
  'RECORDING_DOWNLOADED',
  'RECORDING_DELETED',
  'RECORDING_RETRIED',
  'ACCESS_DENIED',
  'POLICY_CREATED',
  'POLICY_UPDATED',
  'POLICY_DELETED',
  'HOLD_CREATED',
  'HOLD_RELEASED',
  'RETENTION_RUN',
  'ERASURE_REQUESTED',
  'CALL_OUTCOME_CHANGED',
  'RECORDING_DELETION_FAILED',
  'USER_CREATED',
  'USER_UPDATED',
  'LOGIN_FAILED',
  'LOGIN_SUCCEEDED',
  'LOGOUT',
  'SESSIONS_REVOKED',
  'RECORDING_PLAYBACK_ENDED',
  'WEBHOOK_EVENT_RETRIED',
  'DATA_LIST_CREATED',
  'DATA_LIST_UPDATED',
  'CONTACT_CREATED',
  'CONTACT_UPDATED',
  'CONTACTS_IMPORT_STARTED',
  'CONTACTS_IMPORT_FINISHED',
  'API_KEY_CREATED',
  'API_KEY_REVOKED',
  'API_KEY_USED',
  'WEBHOOK_ENDPOINT_CREATED',
  'WEBHOOK_ENDPOINT_UPDATED',
  'WEBHOOK_ENDPOINT_DELETED',
  'WEBHOOK_DELIVERY_RETRIED',
  'RECORDING_STORAGE_MOVED',
  'RECORDING_ENCRYPTED',
  'ENCRYPTION_KEYS_ROTATED',
  'EXPORT_REQUESTED',
  'EXPORT_APPROVED',
  'EXPORT_BUILT',
  'EXPORT_DOWNLOADED',
  'CALL_RECORDS_EXPORTED',
  'ORPHAN_ADOPTED',
  'CALL_RECORD_ATTACHED',
  'TWO_FACTOR_ENROLLED',
  'TWO_FACTOR_DISABLED',
  'TWO_FACTOR_RESET',
  'TWO_FACTOR_FAILED',
  'RECOVERY_CODE_USED',
  'OIDC_LOGIN_REFUSED',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The label the product shows for a call placed without a data list. */
export const MANUAL_DIAL_LABEL = 'Manual Dial';

/** The label the product shows for an orphan call no agent is attached to yet (design 9.7). */
export const UNASSIGNED_AGENT_LABEL = 'Unassigned';
