import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  default?: { name?: string } | unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  fields: { name: string; sortOrder?: 'asc' | 'desc' }[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
    indexes: DmmfIndex[];
  };
}

/** Column, enum, index and foreign-key facts, written the same way for both sides. */
export interface SchemaFacts {
  columns: string[];
  enums: string[];
  indexes: string[];
  foreignKeys: string[];
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  DateTime: 'timestamp(3)',
  Json: 'jsonb',
  Float: 'double precision',
  Bytes: 'bytea',
};
// Defaults Prisma computes in the client; they never reach the database.
const CLIENT_DEFAULTS = new Set(['uuid', 'cuid', 'nanoid', 'ulid']);
const ON_DELETE: Record<string, string> = { a: 'NoAction', r: 'Restrict', c: 'Cascade', n: 'SetNull', d: 'SetDefault' };

/** What schema.prisma says the database must look like. */
export function expectedFacts(schemaPath: string): SchemaFacts {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', readFileSync(schemaPath, 'utf8')]] }))) as Dmmf;
  const { models, enums, indexes } = dmmf.datamodel;
  const table = (model: string) => {
    const found = models.find((m) => m.name === model);
    return found?.dbName ?? model;
  };
  const column = (model: string, field: string) => {
    const found = models.find((m) => m.name === model)?.fields.find((f) => f.name === field);
    return found?.dbName ?? field;
  };
  const enumName = (name: string) => enums.find((e) => e.name === name)?.dbName ?? name;

  const columns = models.flatMap((model) =>
    model.fields
      .filter((f) => f.kind !== 'object')
      .map((f) => {
        const type = f.kind === 'enum' ? enumName(f.type) : f.nativeType?.[0] === 'Uuid' ? 'uuid' : (SCALAR_TYPES[f.type] ?? f.type);
        const defaultName = (f.default as { name?: string } | undefined)?.name;
        const hasDbDefault = f.hasDefaultValue && !(defaultName && CLIENT_DEFAULTS.has(defaultName));
        return `${table(model.name)}.${f.dbName ?? f.name} ${type}${f.isList ? '[]' : ''} ${f.isRequired ? 'not null' : 'null'}${hasDbDefault ? ' default' : ''}`;
      }),
  );
  const enumFacts = enums.map((e) => `${e.dbName ?? e.name}: ${e.values.map((v) => v.dbName ?? v.name).join(',')}`);
  const indexFacts = indexes.map((index) => {
    const tableName = table(index.model);
    const cols = index.fields.map((f) => column(index.model, f.name));
    const suffix = index.type === 'id' ? 'pkey' : index.type === 'unique' ? `${cols.join('_')}_key` : `${cols.join('_')}_idx`;
    const name = index.dbName ?? (index.type === 'id' ? `${tableName}_pkey` : `${tableName}_${suffix}`);
    const colText = index.fields.map((f, i) => `${cols[i]}${f.sortOrder === 'desc' ? ' DESC' : ''}`).join(', ');
    return `${name} on ${tableName} (${colText})${index.type === 'normal' ? '' : ' unique'}`;
  });
  const foreignKeys = models.flatMap((model) =>
    model.fields
      .filter((f) => f.kind === 'object' && (f.relationFromFields?.length ?? 0) > 0)
      .map((f) => {
        const cols = (f.relationFromFields ?? []).map((name) => column(model.name, name));
        const onDelete = f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull');
        return `${table(model.name)}_${cols.join('_')}_fkey: ${table(model.name)}(${cols.join(', ')}) -> ${table(f.type)} on delete ${onDelete}`;
      }),
  );
  return { columns: columns.sort(), enums: enumFacts.sort(), indexes: indexFacts.sort(), foreignKeys: foreignKeys.sort() };
}

/** What the migrated database actually holds (public schema, Prisma's own table left out). */
export async function actualFacts(databaseUrl: string): Promise<SchemaFacts> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = await client.query<{ text: string }>(`
      SELECT c.table_name || '.' || c.column_name || ' ' ||
        CASE
          WHEN c.data_type = 'USER-DEFINED' THEN c.udt_name
          WHEN c.data_type = 'ARRAY' THEN substr(c.udt_name, 2) || '[]'
          WHEN c.data_type = 'timestamp without time zone' THEN 'timestamp(' || c.datetime_precision || ')'
          ELSE c.data_type
        END || ' ' || CASE WHEN c.is_nullable = 'NO' THEN 'not null' ELSE 'null' END ||
        CASE WHEN c.column_default IS NOT NULL THEN ' default' ELSE '' END AS text
      FROM information_schema.columns c
      WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'`);
    const enums = await client.query<{ text: string }>(`
      SELECT t.typname || ': ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS text
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
      GROUP BY t.typname`);
    const indexes = await client.query<{ text: string }>(`
      SELECT ic.relname || ' on ' || tc.relname || ' (' ||
        string_agg(a.attname || CASE WHEN (ix.indoption[k.i - 1] & 1) = 1 THEN ' DESC' ELSE '' END, ', ' ORDER BY k.i) ||
        ')' || CASE WHEN ix.indisunique THEN ' unique' ELSE '' END AS text
      FROM pg_index ix
      JOIN pg_class ic ON ic.oid = ix.indexrelid
      JOIN pg_class tc ON tc.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = tc.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, i)
      JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = k.attnum
      WHERE tc.relname <> '_prisma_migrations'
      GROUP BY ic.relname, tc.relname, ix.indisunique`);
    const foreignKeys = await client.query<{ text: string; deltype: string }>(`
      SELECT con.conname || ': ' || tc.relname || '(' ||
        (SELECT string_agg(a.attname, ', ' ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i)
           JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = k.attnum) ||
        ') -> ' || rc.relname AS text, con.confdeltype AS deltype
      FROM pg_constraint con
      JOIN pg_class tc ON tc.oid = con.conrelid
      JOIN pg_class rc ON rc.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = tc.relnamespace AND n.nspname = 'public'
      WHERE con.contype = 'f'`);
    return {
      columns: columns.rows.map((r) => r.text).sort(),
      enums: enums.rows.map((r) => r.text).sort(),
      indexes: indexes.rows.map((r) => r.text).sort(),
      foreignKeys: foreignKeys.rows.map((r) => `${r.text} on delete ${ON_DELETE[r.deltype] ?? r.deltype}`).sort(),
    };
  } finally {
    await client.end();
  }
}
