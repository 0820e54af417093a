import { withPagedChange } from '../../core/paging/url-paged-list';
import { auditFiltersFromParams, auditFiltersToParams, DEFAULT_AUDIT_FILTERS, hasAuditNarrowing, toAuditQuery } from './audit-filters';

const ACTOR = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const RECORDING = '6fa459ea-ee8a-3ca4-894e-db77e160355e';

describe('audit filters', () => {
  it('round-trips every filter through the URL with short names', () => {
    const filters = {
      action: 'RECORDING_DELETED' as const,
      actorId: ACTOR,
      recordingId: RECORDING,
      from: '2026-11-01',
      to: '2026-11-30',
      page: 3,
      pageSize: 50,
    };
    const params = auditFiltersToParams(filters);
    expect(params).toEqual({
      action: 'RECORDING_DELETED',
      actor: ACTOR,
      recording: RECORDING,
      from: '2026-11-01',
      to: '2026-11-30',
      page: '3',
      size: '50',
    });
    expect(auditFiltersFromParams(params)).toEqual(filters);
  });

  it('keeps a plain URL for the plain log', () => {
    expect(auditFiltersToParams(DEFAULT_AUDIT_FILTERS)).toEqual({});
    expect(hasAuditNarrowing(DEFAULT_AUDIT_FILTERS)).toBe(false);
  });

  it('drops values a link cannot mean, instead of sending the API a bad request', () => {
    expect(
      auditFiltersFromParams({ action: 'DROP_TABLE', actor: 'bob', recording: 'RE123', from: '2026-02-30', page: '0', size: '9999' }),
    ).toEqual(DEFAULT_AUDIT_FILTERS);
  });

  it('starts again at page 1 when narrowing, and keeps filters when paging', () => {
    const onPage3 = { ...DEFAULT_AUDIT_FILTERS, action: 'RECORDING_PLAYED' as const, page: 3 };
    expect(withPagedChange(onPage3, { actorId: ACTOR }).page).toBe(1);
    expect(withPagedChange(onPage3, { page: 4 })).toEqual({ ...onPage3, page: 4 });
  });

  it('asks the API for whole local days', () => {
    const query = toAuditQuery({ ...DEFAULT_AUDIT_FILTERS, from: '2026-11-01', to: '2026-11-02' });
    expect(query.from).toBe(new Date(2026, 10, 1).toISOString());
    expect(query.to).toBe(new Date(2026, 10, 2, 23, 59, 59, 999).toISOString());
    expect(query.action).toBeUndefined();
    expect(query.page).toBe(1);
  });
});
