import type { Client } from 'pg';

/** One line of the file as it waits in the staging table: valid (message null) or rejected. */
export interface StagedLine {
  line: number;
  phone: string | null;
  name: string | null;
  externalId: string | null;
  message: string | null;
}

export interface UpsertCounts {
  imported: number;
  updated: number;
}

/** Lines upserted per statement: small enough to report progress, big enough to be quick. */
const CHUNK_LINES = 20_000;

/**
 * The lines of one import, in a TEMPORARY table of the worker's own connection: never logged,
 * private to the run, and dropped by PostgreSQL if the worker dies, so a re-run starts clean.
 * Duplicates and the upsert are set operations here, so Node never holds more than a batch.
 */
export class ImportStaging {
  public constructor(private readonly client: Client) {}

  public async create(): Promise<void> {
    await this.client.query('DROP TABLE IF EXISTS import_line');
    await this.client.query(
      'CREATE TEMPORARY TABLE import_line (line integer PRIMARY KEY, phone text, name text, external_id text, message text)',
    );
  }

  public async insert(lines: readonly StagedLine[]): Promise<void> {
    if (lines.length === 0) return;
    await this.client.query(
      `INSERT INTO import_line (line, phone, name, external_id, message)
       SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        lines.map((l) => l.line),
        lines.map((l) => l.phone),
        lines.map((l) => l.name),
        lines.map((l) => l.externalId),
        lines.map((l) => l.message),
      ],
    );
  }

  /**
   * The lines read so far, for the admin's progress bar: on this connection, outside the upsert's
   * transaction, so it shows at once (and costs less than a Prisma call a batch).
   */
  public async reportRead(importId: string, total: number, rejected: number): Promise<void> {
    await this.client.query('UPDATE "ContactImport" SET total = $2, rejected = $3 WHERE id = $1::uuid', [importId, total, rejected]);
  }

  /** A line whose key (external id, else number) an earlier line already had is rejected; returns how many. */
  public async rejectDuplicates(): Promise<number> {
    await this.client.query('ANALYZE import_line');
    const result = await this.client.query(
      `UPDATE import_line l SET message = 'Duplicate of line ' || d.first_line
       FROM (SELECT line, first_value(line) OVER (PARTITION BY COALESCE('e:' || external_id, 'p:' || phone) ORDER BY line) AS first_line
             FROM import_line WHERE message IS NULL) d
       WHERE l.line = d.line AND d.line <> d.first_line`,
    );
    return result.rowCount ?? 0;
  }

  public async lastLine(): Promise<number> {
    const { rows } = await this.client.query<{ last: number | null }>('SELECT max(line) AS last FROM import_line');
    return rows[0].last ?? 0;
  }

  /**
   * Upserts the valid lines into the list, CHUNK_LINES at a time, calling `progress` after each.
   * Lines with an external id go by the (dataListId, externalId) unique index; the others update
   * the list's contact with that number (the earliest, should several carry it) or add one.
   * An empty name keeps the contact's name. Run inside the caller's transaction.
   */
  public async upsert(dataListId: string, progress: (counts: UpsertCounts) => Promise<void>): Promise<UpsertCounts> {
    const counts: UpsertCounts = { imported: 0, updated: 0 };
    const last = await this.lastLine();
    for (let from = 1; from <= last; from += CHUNK_LINES) {
      const range = [dataListId, from, from + CHUNK_LINES - 1, new Date().toISOString()];
      const byExternalId = await this.client.query<{ imported: string; updated: string }>(
        `WITH up AS (
           INSERT INTO "Contact" AS c (id, "dataListId", "externalId", name, phone, "createdAt", "updatedAt")
           SELECT gen_random_uuid(), $1::uuid, l.external_id, COALESCE(l.name, ''), l.phone, $4::timestamp, $4::timestamp
           FROM import_line l WHERE l.message IS NULL AND l.external_id IS NOT NULL AND l.line BETWEEN $2 AND $3
           ON CONFLICT ("dataListId", "externalId") DO UPDATE SET
             phone = EXCLUDED.phone,
             name = CASE WHEN EXCLUDED.name = '' THEN c.name ELSE EXCLUDED.name END,
             "updatedAt" = CASE WHEN c.phone <> EXCLUDED.phone OR (EXCLUDED.name <> '' AND EXCLUDED.name <> c.name)
                           THEN EXCLUDED."updatedAt" ELSE c."updatedAt" END
           RETURNING (xmax = 0) AS inserted)
         SELECT count(*) FILTER (WHERE inserted) AS imported, count(*) FILTER (WHERE NOT inserted) AS updated FROM up`,
        range,
      );
      const byPhone = await this.client.query(
        `WITH target AS (
           SELECT DISTINCT ON (l.line) l.line, c.id, l.name
           FROM import_line l JOIN "Contact" c ON c."dataListId" = $1::uuid AND c.phone = l.phone
           WHERE l.message IS NULL AND l.external_id IS NULL AND l.line BETWEEN $2 AND $3
           ORDER BY l.line, c."createdAt", c.id)
         UPDATE "Contact" c SET
           name = COALESCE(t.name, c.name),
           "updatedAt" = CASE WHEN t.name IS NOT NULL AND t.name <> c.name THEN $4::timestamp ELSE c."updatedAt" END
         FROM target t WHERE c.id = t.id`,
        range,
      );
      const added = await this.client.query(
        `INSERT INTO "Contact" (id, "dataListId", name, phone, "createdAt", "updatedAt")
         SELECT gen_random_uuid(), $1::uuid, COALESCE(l.name, ''), l.phone, $4::timestamp, $4::timestamp
         FROM import_line l
         WHERE l.message IS NULL AND l.external_id IS NULL AND l.line BETWEEN $2 AND $3
           AND NOT EXISTS (SELECT 1 FROM "Contact" c WHERE c."dataListId" = $1::uuid AND c.phone = l.phone)`,
        range,
      );
      counts.imported += Number(byExternalId.rows[0].imported) + (added.rowCount ?? 0);
      counts.updated += Number(byExternalId.rows[0].updated) + (byPhone.rowCount ?? 0);
      await progress(counts);
    }
    return counts;
  }

  /** Marks the import completed with its counts and first errors, in the upsert's transaction. */
  public async complete(importId: string, total: number, counts: UpsertCounts, maxErrors: number): Promise<number> {
    const { rows } = await this.client.query<{ rejected: number }>(
      `UPDATE "ContactImport" SET
         status = 'completed', total = $2, imported = $3, updated = $4, "finishedAt" = $6::timestamp, "spoolKey" = NULL,
         rejected = (SELECT count(*) FROM import_line WHERE message IS NOT NULL),
         errors = (SELECT COALESCE(jsonb_agg(jsonb_build_object('line', e.line, 'message', e.message) ORDER BY e.line), '[]'::jsonb)
                   FROM (SELECT line, message FROM import_line WHERE message IS NOT NULL ORDER BY line LIMIT $5) e)
       WHERE id = $1::uuid
       RETURNING rejected`,
      [importId, total, counts.imported, counts.updated, maxErrors, new Date().toISOString()],
    );
    return rows[0]?.rejected ?? 0;
  }
}
