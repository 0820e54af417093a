import { join } from 'node:path';
import { TEST_DATABASE_URL, WORKSPACE_ROOT } from './test-config';
import { actualFacts, expectedFacts } from './schema-drift';

// The migrations are hand-written SQL (Prisma's schema engine is a download this project
// cannot rely on), so this check is what keeps them and schema.prisma in step.
describe('the migrated database matches prisma/schema.prisma', () => {
  const expected = expectedFacts(join(WORKSPACE_ROOT, 'prisma/schema.prisma'));
  let actual: Awaited<ReturnType<typeof actualFacts>>;

  beforeAll(async () => {
    actual = await actualFacts(TEST_DATABASE_URL);
  });

  it('has every column with its type, nullability and default, and no others', () => {
    expect(actual.columns).toEqual(expected.columns);
  });

  it('has every enum with its values in order', () => {
    expect(actual.enums).toEqual(expected.enums);
  });

  it('has every index, with its columns, order and uniqueness', () => {
    expect(actual.indexes).toEqual(expected.indexes);
  });

  it('has every foreign key with its delete rule', () => {
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
  });

  it("records the migrations in Prisma's own table", async () => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const rows = await client.query('SELECT migration_name, finished_at FROM "_prisma_migrations"');
      expect(rows.rows.length).toBeGreaterThan(0);
      expect(rows.rows.every((row) => row.finished_at !== null)).toBe(true);
    } finally {
      await client.end();
    }
  });
});
