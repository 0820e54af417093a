import { auditEvent } from '../../testing/compliance-fixtures';
import { AUDIT_ACTIONS } from '@callrec/contracts';
import { AUDIT_ACTION_LOOKS, eventDetails, eventSummary } from './audit-events';

const tombstone = auditEvent({
  action: 'RECORDING_DELETED',
  actorId: null,
  actorName: null,
  details: {
    twilioRecordingSid: 'RE814d09b225de3364f0f398aa54741a96',
    deletedBy: 'retention:Manual Dial: 7 days',
    reason: "Retention expired: older than 7 days under policy 'Manual Dial: 7 days'",
    sha256: 'c'.repeat(64),
    sizeBytes: 2_144_044,
    storageKey: '2026/11/RE814.wav',
  },
});

describe('audit events in words', () => {
  it('shows a deletion tombstone first: who, why, which file and its checksum', () => {
    const entries = eventDetails(tombstone);
    expect(entries.slice(0, 5)).toEqual([
      { label: 'Deleted by', value: 'retention:Manual Dial: 7 days', mono: false },
      { label: 'Reason', value: "Retention expired: older than 7 days under policy 'Manual Dial: 7 days'", mono: false },
      { label: 'Recording SID', value: 'RE814d09b225de3364f0f398aa54741a96', mono: true },
      { label: 'SHA-256 of the deleted file', value: 'c'.repeat(64), mono: true },
      { label: 'Size', value: '2.14 MB', mono: false },
    ]);
    expect(entries.map((e) => e.label)).toContain('Storage key');
    expect(entries.filter((e) => e.label === 'Reason')).toHaveLength(1);
    expect(eventSummary(tombstone)).toBe("Retention expired: older than 7 days under policy 'Manual Dial: 7 days'");
  });

  it('summarises sweeps, holds and policy changes', () => {
    expect(eventSummary(auditEvent({ action: 'RETENTION_RUN', details: { matched: 4, deleted: 3, skippedHeld: 1, error: null } }))).toBe(
      'Deleted 3 of 4 expired; 1 kept under hold',
    );
    expect(eventSummary(auditEvent({ action: 'HOLD_CREATED', details: { name: 'Case 42', reason: 'Counsel asked' } }))).toBe(
      'Case 42: Counsel asked',
    );
    expect(eventSummary(auditEvent({ action: 'POLICY_UPDATED', details: { before: { name: 'Old' }, after: { name: 'New' } } }))).toBe(
      'New',
    );
    expect(eventSummary(auditEvent({ action: 'POLICY_DELETED', details: { before: { name: 'Old' } } }))).toBe('Old');
    expect(eventSummary(auditEvent({ action: 'ACCESS_DENIED', details: { method: 'GET', path: '/api/users' } }))).toBe('GET /api/users');
    expect(eventSummary(auditEvent({ action: 'ACCESS_DENIED', details: { aggregated: true, count: 600, rateLimited: 570 } }))).toBe(
      '600 refused media requests in one minute (570 answered 429)',
    );
    expect(eventSummary(auditEvent({ action: 'ACCESS_DENIED', details: { aggregated: true, count: 1, rateLimited: 0 } }))).toBe(
      '1 refused media request in one minute',
    );
    expect(
      eventSummary(
        auditEvent({
          action: 'RECORDING_PLAYBACK_ENDED',
          details: {
            ranges: [
              [0, 2_000_000],
              [5_000_000, 6_048_575],
            ],
            bytes: 3_048_577,
            fraction: 0.4355,
          },
        }),
      ),
    ).toBe('2 ranges, 3.05 MB (44 % of the file)');
    expect(
      eventSummary(auditEvent({ action: 'RETENTION_RUN', details: { matched: 4, deleted: 2, skippedHeld: 1, failed: 1, error: null } })),
    ).toBe('Deleted 2 of 4 expired; 1 kept under hold; 1 could not be removed');
  });

  it('summarises outcome changes, failed deletions and erasures (by pseudonym, never the number)', () => {
    expect(
      eventSummary(
        auditEvent({ action: 'CALL_OUTCOME_CHANGED', details: { callRecordId: 'c', from: 'SALE', to: 'OTHER', reason: 'Wrong call' } }),
      ),
    ).toBe('SALE → OTHER: Wrong call');
    expect(eventSummary(auditEvent({ action: 'CALL_OUTCOME_CHANGED', details: { callRecordId: 'c', from: null, to: 'SALE' } }))).toBe(
      'none → SALE',
    );
    expect(eventSummary(auditEvent({ action: 'RECORDING_DELETION_FAILED', details: { error: 'EPERM: operation not permitted' } }))).toBe(
      'EPERM: operation not permitted',
    );
    expect(
      eventSummary(auditEvent({ action: 'ERASURE_REQUESTED', details: { pseudonym: 'erased:abc', deleted: 2, erasedBeforeStored: 1 } })),
    ).toBe('erased:abc: 3 erased');
  });

  it('summarises a retried webhook event by its SID and how often it had failed', () => {
    const retried = auditEvent({
      action: 'WEBHOOK_EVENT_RETRIED',
      details: {
        webhookEventId: 'ev-3',
        kind: 'recording-status',
        callSid: 'CA1',
        recordingSid: 'RE2',
        attempts: 36,
        lastError: 'No call record',
      },
    });
    expect(eventSummary(retried)).toBe('RE2, parked after 36 failed attempts');
    expect(
      eventSummary(auditEvent({ action: 'WEBHOOK_EVENT_RETRIED', details: { callSid: 'CA1', recordingSid: null, attempts: 3 } })),
    ).toBe('CA1, parked after 3 failed attempts');
  });

  it('lists other details generically, and always the chain links', () => {
    const labels = eventDetails(auditEvent()).map((e) => `${e.label}=${e.value}`);
    expect(labels).toEqual([
      'Via=media-token',
      'Recording id=rec-1',
      'IP address=10.0.0.7',
      'Browser=Mozilla/5.0',
      'Event number=41',
      `Hash=${'b'.repeat(64)}`,
      `Previous hash=${'a'.repeat(64)}`,
    ]);
  });

  it('names sign-ins, sign-outs and ended sessions, and has a look for every action', () => {
    expect(eventSummary(auditEvent({ action: 'LOGIN_SUCCEEDED', details: { email: 'ann@example.com', sessionId: 's-1' } }))).toBe(
      'ann@example.com',
    );
    expect(eventSummary(auditEvent({ action: 'SESSIONS_REVOKED', details: { userId: 'u-1', reason: 'role changed', count: 2 } }))).toBe(
      '2 sessions ended: role changed',
    );
    expect(eventSummary(auditEvent({ action: 'SESSIONS_REVOKED', details: { userId: 'u-1', reason: 'password reset', count: 1 } }))).toBe(
      '1 session ended: password reset',
    );
    expect(eventSummary(auditEvent({ action: 'USER_CREATED', actorId: null, details: { email: 'demo@example.com', via: 'seed' } }))).toBe(
      'demo@example.com',
    );
    const labels = ['LOGIN_SUCCEEDED', 'LOGOUT', 'SESSIONS_REVOKED', 'RECORDING_PLAYBACK_ENDED'] as const;
    expect(labels.map((action) => AUDIT_ACTION_LOOKS[action].label)).toEqual([
      'Signed in',
      'Signed out',
      'Sessions ended',
      'Playback ended',
    ]);
    expect(AUDIT_ACTIONS.filter((action) => !AUDIT_ACTION_LOOKS[action]?.label)).toEqual([]);
  });
  it('summarises data lists, imports, API keys and webhook endpoints from what their details say', () => {
    expect(eventSummary(auditEvent({ action: 'DATA_LIST_CREATED', details: { name: 'Spring Renewals', externalId: 'f9-1' } }))).toBe(
      'Spring Renewals',
    );
    expect(eventSummary(auditEvent({ action: 'DATA_LIST_UPDATED', details: { before: { name: 'Old' }, after: { name: 'New' } } }))).toBe(
      'New',
    );
    expect(eventSummary(auditEvent({ action: 'CONTACT_CREATED', details: { name: 'Dana', phone: '+14155550101' } }))).toBe(
      'Dana, +14155550101',
    );
    expect(
      eventSummary(auditEvent({ action: 'CONTACTS_IMPORT_STARTED', details: { dataListName: 'Spring Renewals', fileName: 'leads.csv' } })),
    ).toBe('Spring Renewals: leads.csv');
    expect(
      eventSummary(
        auditEvent({
          action: 'CONTACTS_IMPORT_FINISHED',
          details: { dataListName: 'Spring Renewals', status: 'completed', imported: 2, updated: 1, rejected: 1 },
        }),
      ),
    ).toBe('Spring Renewals: 2 added, 1 updated, 1 rejected');
    expect(eventSummary(auditEvent({ action: 'CONTACTS_IMPORT_FINISHED', details: { status: 'failed', failure: 'Not UTF-8' } }))).toBe(
      'failed: Not UTF-8',
    );
    expect(eventSummary(auditEvent({ action: 'API_KEY_CREATED', details: { name: 'Five9 dialer', role: 'DIALER' } }))).toBe(
      'Five9 dialer · DIALER',
    );
    expect(eventSummary(auditEvent({ action: 'API_KEY_USED', details: { method: 'POST', path: '/api/calls' } }))).toBe('POST /api/calls');
    expect(eventSummary(auditEvent({ action: 'WEBHOOK_ENDPOINT_CREATED', details: { url: 'https://crm.example.com/h' } }))).toBe(
      'https://crm.example.com/h',
    );
    expect(
      eventSummary(
        auditEvent({ action: 'WEBHOOK_ENDPOINT_UPDATED', details: { before: { url: 'https://a/h' }, after: { url: 'https://b/h' } } }),
      ),
    ).toBe('https://b/h');
    expect(
      eventSummary(auditEvent({ action: 'WEBHOOK_DELIVERY_RETRIED', details: { eventType: 'recording.stored', url: 'https://crm/h' } })),
    ).toBe('recording.stored to https://crm/h');
    // Details the API did not send leave the line empty rather than half a sentence.
    expect(eventSummary(auditEvent({ action: 'API_KEY_REVOKED', details: {} }))).toBe('');
  });
});
