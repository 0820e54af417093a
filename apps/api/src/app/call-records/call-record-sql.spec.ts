import { buildCallRecordSearch, buildCriteria, buildOrder } from './call-record-filters';
import { orderSql, searchSql, whereSql } from './call-record-sql';

const AGENT = '6f1c1f0e-8d4b-4b8e-9a51-0d8c3d1b2a01';
const LIST = '0b7d5c2e-1a3f-4c6d-8e9f-0a1b2c3d4e5f';

/** The SQL text with whitespace collapsed, and the bound values. */
function sql(fragment: { sql: string; values: unknown[] }): [string, unknown[]] {
  return [fragment.sql.replace(/\s+/g, ' ').trim(), fragment.values];
}

describe('whereSql: the criteria compiled to SQL over c (CallRecord)', () => {
  it('matches everything when there is no filter', () => {
    expect(sql(whereSql(buildCriteria({})))).toEqual(['true', []]);
  });

  it('binds every value as a parameter, never as text', () => {
    expect(sql(whereSql(buildCriteria({ agentId: AGENT, dataListId: LIST, outcome: 'SALE' })))).toEqual([
      'c."agentId" = ?::uuid AND c."dataListId" = ?::uuid AND c.outcome = ?::"CallOutcome"',
      [AGENT, LIST, 'SALE'],
    ]);
  });

  it('compares placedAt as UTC wall time, with a date-only "to" meaning before the next midnight', () => {
    expect(sql(whereSql(buildCriteria({ from: '2024-03-01', to: '2024-03-02' })))).toEqual([
      'c."placedAt" >= ?::timestamp AND c."placedAt" < ?::timestamp',
      ['2024-03-01T00:00:00.000Z', '2024-03-03T00:00:00.000Z'],
    ]);
    expect(sql(whereSql(buildCriteria({ to: '2024-03-01T10:00:00+02:00' })))).toEqual([
      'c."placedAt" <= ?::timestamp',
      ['2024-03-01T08:00:00.000Z'],
    ]);
  });

  it('uses the database words for the call status', () => {
    expect(sql(whereSql(buildCriteria({ status: 'in-progress' })))).toEqual(['c.status = ?::"CallStatus"', ['in-progress']]);
  });

  it('handles Manual Dial, numbers, stored recordings and durations', () => {
    expect(sql(whereSql(buildCriteria({ manualDial: true })))[0]).toBe('c."dataListId" IS NULL');
    expect(sql(whereSql(buildCriteria({ manualDial: false })))[0]).toBe('c."dataListId" IS NOT NULL');
    expect(sql(whereSql(buildCriteria({ phone: '+14155550123' })))).toEqual(['c."toNumber" = ?', ['+14155550123']]);
    expect(sql(whereSql(buildCriteria({ phone: '+1415' })))).toEqual(['c."toNumber" LIKE ?', ['+1415%']]);
    expect(sql(whereSql(buildCriteria({ phone: '555 0123' })))).toEqual(['c."toNumber" LIKE ?', ['%5550123%']]);
    expect(sql(whereSql(buildCriteria({ hasRecording: true })))[0]).toMatch(
      /^EXISTS \(SELECT 1 FROM "Recording" r WHERE .* r.status = 'STORED'\)$/,
    );
    expect(sql(whereSql(buildCriteria({ hasRecording: false })))[0]).toMatch(/^NOT EXISTS/);
    expect(sql(whereSql(buildCriteria({ minDuration: 10, maxDuration: 60 })))).toEqual([
      'c."durationSeconds" >= ?::int AND c."durationSeconds" <= ?::int',
      [10, 60],
    ]); // Orphans (design 9.7): adopted by reconciliation, or only calls placed through us.
    expect(sql(whereSql(buildCriteria({ orphan: true })))).toEqual(['c.orphan', []]);
    expect(sql(whereSql(buildCriteria({ orphan: false, agentId: AGENT })))).toEqual(['c."agentId" = ?::uuid AND NOT c.orphan', [AGENT]]);
  });
});

describe('orderSql: the order compiled to ORDER BY', () => {
  it('keeps the tie-breakers and where nulls go', () => {
    // By placedAt the id runs against the main direction, so both directions walk the (placedAt DESC, id) index.
    // Other sorts put calls without a duration, outcome or agent (an orphan) last both ways, and ties newest first, then by id.
    expect(sql(orderSql(buildOrder('-placedAt')))[0]).toBe('c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrder('placedAt')))[0]).toBe('c."placedAt" ASC, c.id DESC');
    expect(sql(orderSql(buildOrder('-durationSeconds')))[0]).toBe('c."durationSeconds" DESC NULLS LAST, c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrder('outcome')))[0]).toBe('c.outcome ASC NULLS LAST, c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrder('-agent')))[0]).toBe('a.name DESC NULLS LAST, c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrder('agent')))[0]).toBe('a.name ASC NULLS LAST, c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrder('durationSeconds')))[0]).toBe('c."durationSeconds" ASC NULLS LAST, c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrder('-outcome')))[0]).toBe('c.outcome DESC NULLS LAST, c."placedAt" DESC, c.id ASC');
  });
});

describe('searchSql', () => {
  it('joins the agent before the LIMIT only for the agent sort, and binds the page', () => {
    const byDate = sql(searchSql(buildCallRecordSearch({ page: 3, pageSize: 50 })));
    expect(byDate[0]).toContain(
      'WITH page AS ( SELECT c.* FROM "CallRecord" c WHERE true ORDER BY c."placedAt" DESC, c.id ASC LIMIT ? OFFSET ? )',
    );
    expect(byDate[1].slice(0, 2)).toEqual([50, 100]);
    expect(sql(searchSql(buildCallRecordSearch({ sort: 'agent' })))[0]).toContain(
      'SELECT c.* FROM "CallRecord" c LEFT JOIN "User" a ON a.id = c."agentId" WHERE true ORDER BY a.name ASC NULLS LAST',
    );
  });
});
