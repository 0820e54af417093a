import { CoverageMissingItem, CoverageMissingPage, CoverageReport, CoverageRow } from '@callrec/contracts';

/** Realistic coverage payloads for specs; data only, no behaviour. */
export function coverageRow(overrides: Partial<CoverageRow> = {}): CoverageRow {
  const row = { key: '2026-12-01', label: '1 Dec', answered: 10, recorded: 10, missing: 0, failed: 0, absent: 0, ...overrides };
  return { coverage: row.answered === 0 ? 1 : row.recorded / row.answered, ...row };
}

export function coverageReport(rows: CoverageRow[], overrides: Partial<CoverageReport> = {}): CoverageReport {
  const sum = (field: 'answered' | 'recorded' | 'missing' | 'failed' | 'absent') => rows.reduce((total, row) => total + row[field], 0);
  const answered = sum('answered');
  return {
    from: '2026-11-03T00:00:00.000Z',
    to: '2026-12-03T00:00:00.000Z',
    groupBy: 'day',
    minSeconds: 5,
    alertBelow: 0.99,
    rows,
    total: {
      answered,
      recorded: sum('recorded'),
      missing: sum('missing'),
      failed: sum('failed'),
      absent: sum('absent'),
      coverage: answered === 0 ? 1 : sum('recorded') / answered,
    },
    ...overrides,
  };
}

export function missingItem(overrides: Partial<CoverageMissingItem> = {}): CoverageMissingItem {
  return {
    callRecordId: 'call-9',
    twilioCallSid: 'CA00000000000000000000000000000009',
    placedAt: '2026-12-01T10:15:00.000Z',
    durationSeconds: 42,
    toNumber: '+442071838750',
    agent: { id: 'agent-1', name: 'Avery Agent' },
    dataListLabel: 'Spring Renewals',
    reason: 'ABSENT',
    detail: 'Twilio reported the recording absent (ErrorCode 13617)',
    recordingId: 'rec-9',
    twilioRecordingSid: 'RE00000000000000000000000000000009',
    errorCode: 13617,
    lastError: null,
    ...overrides,
  };
}

export function missingPage(items: CoverageMissingItem[], overrides: Partial<CoverageMissingPage> = {}): CoverageMissingPage {
  return { items, total: items.length, page: 1, pageSize: 10, ...overrides };
}
