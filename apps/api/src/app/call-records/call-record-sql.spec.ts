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
    // The call's copy of the agent's name: the two agent-sort indexes hold it, no join sorts every call.
    expect(sql(orderSql(buildOrder('-agent')))[0]).toBe('c."agentName" DESC NULLS LAST, c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrder('agent')))[0]).toBe('c."agentName" ASC NULLS LAST, c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrder('durationSeconds')))[0]).toBe('c."durationSeconds" ASC NULLS LAST, c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrder('-outcome')))[0]).toBe('c.outcome DESC NULLS LAST, c."placedAt" DESC, c.id ASC');
  });
});

describe('searchSql', () => {
  it('finds the page by its ids first, one row more than the page, and binds the page', () => {
    const [text, values] = sql(searchSql(buildCallRecordSearch({ page: 3, pageSize: 50 })));
    expect(text).toContain(
      'WITH ids AS ( SELECT c.id FROM "CallRecord" c WHERE true ORDER BY c."placedAt" DESC, c.id ASC LIMIT ? OFFSET ? )',
    );
    expect(text).not.toContain('matched');
    expect(values.slice(0, 2)).toEqual([51, 100]);
    // No join before the LIMIT, whatever the sort.
    expect(sql(searchSql(buildCallRecordSearch({ sort: 'agent' })))[0]).toContain(
      'SELECT c.id FROM "CallRecord" c WHERE true ORDER BY c."agentName" ASC NULLS LAST',
    );
  });

  it('takes the calls whose number contains four digits or more first, and pages and counts those', () => {
    const [text, values] = sql(searchSql(buildCallRecordSearch({ phone: '7457', outcome: 'SALE' })));
    expect(text).toContain(
      'WITH matched AS MATERIALIZED (SELECT * FROM "CallRecord" c WHERE c."toNumber" LIKE ?), ids AS ( SELECT c.id FROM matched c',
    );
    expect(text).toContain('FROM (SELECT 1 FROM matched c WHERE c.outcome = ?::"CallOutcome" AND c."toNumber" LIKE ? LIMIT ?) x');
    expect(values[0]).toBe('%7457%');
    // Three digits match about 1 % of numbers: walking the placedAt index finds a page sooner.
    expect(sql(searchSql(buildCallRecordSearch({ phone: '745' })))[0]).not.toContain('matched');
  });

  it('counts at most 10,001 matching calls', () => {
    const [text, values] = sql(searchSql(buildCallRecordSearch({ outcome: 'SALE' })));
    expect(text).toContain(
      '(SELECT count(*)::int FROM (SELECT 1 FROM "CallRecord" c WHERE c.outcome = ?::"CallOutcome" LIMIT ?) x) AS total',
    );
    expect(values).toContain(10_001);
  });

  it('starts after a cursor instead of skipping, the page number only echoed', () => {
    const at = '2024-03-01 09:30:00.123';
    const id = '6f1c1f0e-8d4b-4b8e-9a51-0d8c3d1b2a01';
    const after = Buffer.from(JSON.stringify(['-placedAt', at, id])).toString('base64url');
    const search = buildCallRecordSearch({ after, page: 401 });
    expect(search).toMatchObject({ after: [at, id], skip: 0, page: 401 });
    const [text, values] = sql(searchSql(search));
    expect(text).toContain('WHERE true AND c."placedAt" <= ?::timestamp AND (c."placedAt" < ?::timestamp OR');
    expect(values.slice(0, 4)).toEqual([at, at, at, id]);
  });
});
