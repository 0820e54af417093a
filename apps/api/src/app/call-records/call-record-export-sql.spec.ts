import { buildOrder } from './call-record-filters';
import { exportBatchSql } from './call-record-export-sql';
import { afterSql, orderKeys } from './call-record-keyset';
import { orderSql } from './call-record-sql';

const ID = '6f1c1f0e-8d4b-4b8e-9a51-0d8c3d1b2a01';
const AT = '2024-03-01 09:30:00.123';

function sql(fragment: { sql: string; values: unknown[] }): [string, unknown[]] {
  return [fragment.sql.replace(/\s+/g, ' ').trim(), fragment.values];
}

describe('the export keyset: batches start after the last row, by the keys the grid orders by', () => {
  it('walks placedAt with the id against its direction, as orderSql does', () => {
    const keys = orderKeys(buildOrder('-placedAt'));
    expect(keys.map((k) => `${k.column} ${k.direction}`).join(', ')).toBe('c."placedAt" desc, c.id asc');
    expect(orderSql(buildOrder('-placedAt')).sql).toBe('c."placedAt" DESC, c.id ASC');
    // The first key's own bound gives the (placedAt DESC, id) index a place to start.
    expect(sql(afterSql(keys, [AT, ID]))).toEqual([
      'c."placedAt" <= ?::timestamp AND (c."placedAt" < ?::timestamp OR c."placedAt" = ?::timestamp AND c.id > ?::uuid)',
      [AT, AT, AT, ID],
    ]);
  });

  it('puts NULLs last: after a value come greater values and the NULLs; after a NULL only later keys decide', () => {
    const keys = orderKeys(buildOrder('durationSeconds'));
    expect(keys.map((k) => k.column)).toEqual(['c."durationSeconds"', 'c."placedAt"', 'c.id']);
    expect(sql(afterSql(keys, ['30', AT, ID]))).toEqual([
      '((c."durationSeconds" > ?::int OR c."durationSeconds" IS NULL) OR c."durationSeconds" = ?::int AND c."placedAt" < ?::timestamp' +
        ' OR c."durationSeconds" = ?::int AND c."placedAt" = ?::timestamp AND c.id > ?::uuid)',
      ['30', '30', AT, '30', AT, ID],
    ]);
    expect(sql(afterSql(keys, [null, AT, ID]))).toEqual([
      '(c."durationSeconds" IS NULL AND c."placedAt" < ?::timestamp OR c."durationSeconds" IS NULL AND c."placedAt" = ?::timestamp AND c.id > ?::uuid)',
      [AT, AT, ID],
    ]);
  });

  it('compares outcomes as the enum and agents by name, descending where asked', () => {
    expect(orderKeys(buildOrder('-outcome'))[0]).toEqual({ column: 'c.outcome', type: '"CallOutcome"', direction: 'desc', nullable: true });
    // An orphan not attached yet has no agent: it sorts last, after every name.
    expect(sql(afterSql(orderKeys(buildOrder('-agent')).slice(0, 1), ['Bea']))).toEqual([
      '((c."agentName" < ?::text OR c."agentName" IS NULL))',
      ['Bea'],
    ]);
  });

  it('binds the filters and the keyset, and limits the batch', () => {
    const [text, values] = sql(exportBatchSql({ criteria: { outcome: 'SALE' }, order: buildOrder('-placedAt') }, [AT, ID], 500));
    expect(text).toContain('WHERE c.outcome = ?::"CallOutcome" AND c."placedAt" <= ?::timestamp AND (c."placedAt" < ?::timestamp');
    expect(text).toContain('ORDER BY c."placedAt" DESC, c.id ASC LIMIT ?');
    expect(values).toEqual(expect.arrayContaining(['SALE', AT, ID, 500]));
    expect(sql(exportBatchSql({ criteria: {}, order: buildOrder('-placedAt') }, null, 500))[0]).toContain('WHERE true ORDER BY');
  });
});
