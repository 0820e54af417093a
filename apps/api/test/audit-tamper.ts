import { Client } from 'pg';
import { AuditWriter } from '../src/app/audit/audit.writer';
import { TestApp } from './test-app';
import { TEST_DATABASE_URL } from './test-config';

/**
 * What a database superuser can do behind the append-only triggers' back: one transaction
 * with `session_replication_role = replica`, which skips every trigger of the session.
 */
export async function asSuperuser<T>(work: (client: Client) => Promise<T>, databaseUrl = TEST_DATABASE_URL): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** A plain connection, as the application or a careless operator has. */
export async function asOrdinaryConnection<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Rows of a table as JSON, exactly as stored, so they can be put back with `restoreRows`. */
export type SavedRows = { table: 'AuditEvent' | 'AuditCheckpoint'; rows: unknown[] };

export async function saveRows(client: Client, table: SavedRows['table'], fromSeq: number): Promise<SavedRows> {
  const result = await client.query<{ rows: unknown[] }>(
    `SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY seq), '[]'::jsonb) AS rows FROM "${table}" t WHERE seq >= $1`,
    [fromSeq],
  );
  return { table, rows: result.rows[0].rows };
}

/** Inserts saved rows again (after a cut), byte for byte what they were. */
export async function reinsertRows(client: Client, saved: SavedRows): Promise<void> {
  await client.query(`INSERT INTO "${saved.table}" SELECT * FROM jsonb_populate_recordset(NULL::"${saved.table}", $1::jsonb)`, [
    JSON.stringify(saved.rows),
  ]);
}

/** Writes saved audit events' hashed fields back over rewritten ones (needs replica mode). */
export async function rewriteEventsBack(client: Client, saved: SavedRows): Promise<void> {
  await client.query(
    `UPDATE "AuditEvent" e SET details = b.details, "prevHash" = b."prevHash", hash = b.hash
     FROM jsonb_populate_recordset(NULL::"AuditEvent", $1::jsonb) b WHERE e.id = b.id`,
    [JSON.stringify(saved.rows)],
  );
}

/** Appends `count` events through the product's own audit service. */
export async function recordEvents(t: TestApp, count: number, note: string): Promise<number> {
  const audit = t.app.get(AuditWriter);
  for (let i = 0; i < count; i += 1) {
    await audit.record({ action: 'RETENTION_RUN', actorId: null, details: { note, n: i } });
  }
  const head = await t.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' }, select: { seq: true } });
  return head.seq;
}
