import pg from 'pg';
import Redis from 'ioredis';
import { API_CLI } from './paths.mjs';
import { run } from './proc.mjs';

export const PG_BASE = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/11';

export const dbUrl = (name) => `${PG_BASE}/${name}`;

export async function withClient(name, fn) {
  const client = new pg.Client({ connectionString: dbUrl(name) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const admin = (fn) => withClient('postgres', fn);

export async function databaseExists(name) {
  return admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0);
}

export async function dropDatabase(name) {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** An empty database migrated with the product's own runner (dist/apps/api/cli.js migrate). */
export async function freshDatabase(name) {
  await dropDatabase(name);
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  await migrate(name);
}

export async function migrate(name) {
  await run(process.execPath, [API_CLI, 'migrate'], { env: { DATABASE_URL: dbUrl(name), LOG_LEVEL: 'warn' } });
}

/** A byte-for-byte copy of `source` (no one may be connected to it). */
export async function copyDatabase(source, target) {
  await dropDatabase(target);
  await admin((c) => c.query(`CREATE DATABASE "${target}" TEMPLATE "${source}"`));
}

export async function databaseComment(name) {
  return admin(async (c) => {
    const r = await c.query("SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1", [name]);
    return r.rows[0]?.comment ?? null;
  });
}

export async function setDatabaseComment(name, comment) {
  await admin((c) => c.query(`COMMENT ON DATABASE "${name}" IS ${c.escapeLiteral(comment)}`));
}

export async function flushRedis() {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

export async function serverVersion() {
  return admin(async (c) => (await c.query('SHOW server_version')).rows[0].server_version);
}
