import { Prisma } from '../../generated/prisma/client';
import { CallRecordOrder } from './call-record-filters';

/*
 * Where a page or a batch starts in the grid's order: after the last call of the one before,
 * by the same keys the ORDER BY uses (keyset). The search's cursors (call-record-cursor.ts)
 * and the CSV export's batches (call-record-export-sql.ts) both walk it.
 */

/** One key of the order, as SQL over `c` (CallRecord) and `a` (User). */
interface OrderKey {
  column: string;
  /** The Postgres type the key's text is cast back to. */
  type: string;
  direction: 'asc' | 'desc';
  /** Whether NULLs occur: they sort last in either direction (see orderSql). */
  nullable: boolean;
}

/** The keys orderSql sorts by, in its order; every order ends with keys that make it total. */
export function orderKeys({ field, direction }: CallRecordOrder): OrderKey[] {
  if (field === 'placedAt') {
    return [
      { column: 'c."placedAt"', type: 'timestamp', direction, nullable: false },
      { column: 'c.id', type: 'uuid', direction: direction === 'desc' ? 'asc' : 'desc', nullable: false },
    ];
  }
  const primary: Record<Exclude<CallRecordOrder['field'], 'placedAt'>, Omit<OrderKey, 'direction'>> = {
    durationSeconds: { column: 'c."durationSeconds"', type: 'int', nullable: true },
    // An orphan not attached yet has no agent. The call's copy of the name (kept by triggers) is
    // what the agent-sort indexes hold; a join to User would sort every matching call.
    agent: { column: 'c."agentName"', type: 'text', nullable: true },
    outcome: { column: 'c.outcome', type: '"CallOutcome"', nullable: true },
  };
  return [
    { ...primary[field], direction },
    { column: 'c."placedAt"', type: 'timestamp', direction: 'desc', nullable: false },
    { column: 'c.id', type: 'uuid', direction: 'asc', nullable: false },
  ];
}

/**
 * Rows strictly after `last` (the keys' values as text, NULL as null) in the order of `keys`:
 * for some key, every earlier key is equal and this one comes later. With NULLS LAST a key
 * comes later than a value when it is beyond it or NULL, and nothing comes later than NULL.
 * A first key without NULLs is also bounded on its own (`placedAt <= …`): the OR of branches
 * alone gives the index no place to start, and it would walk from the top of the order.
 */
export function afterSql(keys: OrderKey[], last: (string | null)[]): Prisma.Sql {
  const [first] = keys;
  const after = orSql(keys, last);
  if (first.nullable || last[0] === null) return after;
  const bound = Prisma.sql`${Prisma.raw(first.column)} ${Prisma.raw(first.direction === 'asc' ? '>=' : '<=')} ${last[0]}::${Prisma.raw(first.type)}`;
  return Prisma.sql`${bound} AND ${after}`;
}

function orSql(keys: OrderKey[], last: (string | null)[]): Prisma.Sql {
  const branches: Prisma.Sql[] = [];
  keys.forEach((key, index) => {
    const value = last[index];
    // Nothing sorts after NULL on this key: only a later key's branch can, among the NULLs.
    if (value === null) return;
    const column = Prisma.raw(key.column);
    const beyond = Prisma.sql`${column} ${Prisma.raw(key.direction === 'asc' ? '>' : '<')} ${value}::${Prisma.raw(key.type)}`;
    const later = key.nullable ? Prisma.sql`(${beyond} OR ${column} IS NULL)` : beyond;
    branches.push(Prisma.join([...equalSql(keys.slice(0, index), last), later], ' AND '));
  });
  return branches.length === 0 ? Prisma.sql`false` : Prisma.sql`(${Prisma.join(branches, ' OR ')})`;
}

function equalSql(keys: OrderKey[], last: (string | null)[]): Prisma.Sql[] {
  return keys.map((key, index) => {
    const column = Prisma.raw(key.column);
    const value = last[index];
    return value === null ? Prisma.sql`${column} IS NULL` : Prisma.sql`${column} = ${value}::${Prisma.raw(key.type)}`;
  });
}
