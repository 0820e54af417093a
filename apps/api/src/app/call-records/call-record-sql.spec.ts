import { buildOrderBy, buildWhere } from './call-record-filters';
import { orderSql, whereSql } from './call-record-sql';

const AGENT = '6f1c1f0e-8d4b-4b8e-9a51-0d8c3d1b2a01';
const LIST = '0b7d5c2e-1a3f-4c6d-8e9f-0a1b2c3d4e5f';

/** The SQL text with whitespace collapsed, and the bound values. */
function sql(fragment: { sql: string; values: unknown[] }): [string, unknown[]] {
  return [fragment.sql.replace(/\s+/g, ' ').trim(), fragment.values];
}

describe('whereSql: buildWhere translated to SQL over c (CallRecord)', () => {
  it('matches everything when there is no filter', () => {
    expect(sql(whereSql(buildWhere({})))).toEqual(['true', []]);
  });

  it('binds every value as a parameter, never as text', () => {
    expect(sql(whereSql(buildWhere({ agentId: AGENT, dataListId: LIST, outcome: 'SALE' })))).toEqual([
      'c."agentId" = ?::uuid AND c."dataListId" = ?::uuid AND c.outcome = ?::"CallOutcome"',
      [AGENT, LIST, 'SALE'],
    ]);
  });

  it('compares placedAt as UTC wall time, with a date-only "to" meaning before the next midnight', () => {
    expect(sql(whereSql(buildWhere({ from: '2024-03-01', to: '2024-03-02' })))).toEqual([
      'c."placedAt" >= ?::timestamp AND c."placedAt" < ?::timestamp',
      ['2024-03-01T00:00:00.000Z', '2024-03-03T00:00:00.000Z'],
    ]);
    expect(sql(whereSql(buildWhere({ to: '2024-03-01T10:00:00+02:00' })))).toEqual(['c."placedAt" <= ?::timestamp', ['2024-03-01T08:00:00.000Z']]);
  });

  it('uses the database words for the call status', () => {
    expect(sql(whereSql(buildWhere({ status: 'in-progress' })))).toEqual(['c.status = ?::"CallStatus"', ['in-progress']]);
  });

  it('handles Manual Dial, numbers, stored recordings and durations', () => {
    expect(sql(whereSql(buildWhere({ manualDial: true })))[0]).toBe('c."dataListId" IS NULL');
    expect(sql(whereSql(buildWhere({ manualDial: false })))[0]).toBe('c."dataListId" IS NOT NULL');
    expect(sql(whereSql(buildWhere({ phone: '+14155550123' })))).toEqual(['c."toNumber" = ?', ['+14155550123']]);
    expect(sql(whereSql(buildWhere({ phone: '+1415' })))).toEqual(['c."toNumber" LIKE ?', ['+1415%']]);
    expect(sql(whereSql(buildWhere({ phone: '555 0123' })))).toEqual(['c."toNumber" LIKE ?', ['%5550123%']]);
    expect(sql(whereSql(buildWhere({ hasRecording: true })))[0]).toMatch(/^EXISTS \(SELECT 1 FROM "Recording" r WHERE .* r.status = 'STORED'\)$/);
    expect(sql(whereSql(buildWhere({ hasRecording: false })))[0]).toMatch(/^NOT EXISTS/);
    expect(sql(whereSql(buildWhere({ minDuration: 10, maxDuration: 60 })))).toEqual([
      'c."durationSeconds" >= ?::int AND c."durationSeconds" <= ?::int',
      [10, 60],
    ]);
  });

  it('refuses a condition it does not know rather than dropping it', () => {
    expect(() => whereSql({ errorMessage: 'x' })).toThrow(/cannot translate errorMessage/);
    expect(() => whereSql({ dataListId: { in: [LIST] } })).toThrow(/cannot translate dataListId/);
  });
});

describe('orderSql: buildOrderBy translated to ORDER BY', () => {
  it('keeps the tie-breakers and where nulls go', () => {
    expect(sql(orderSql(buildOrderBy('-placedAt')))[0]).toBe('c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrderBy('placedAt')))[0]).toBe('c."placedAt" ASC, c.id DESC');
    expect(sql(orderSql(buildOrderBy('-durationSeconds')))[0]).toBe('c."durationSeconds" DESC NULLS LAST, c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrderBy('outcome')))[0]).toBe('c.outcome ASC NULLS LAST, c."placedAt" DESC, c.id ASC');
    expect(sql(orderSql(buildOrderBy('-agent')))[0]).toBe('a.name DESC, c."placedAt" DESC, c.id ASC');
  });
});
