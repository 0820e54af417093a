import { startTestApp, TestApp } from '../../../test/test-app';
import { RetentionSweepService } from './retention-sweep.service';

/**
 * A sweep that cannot write its RetentionRun row (the database refusing at that moment, or a
 * worker shutting down) must give its Redis lease back: kept and renewed, it made every later
 * sweep on every worker stand down for as long as that process lived.
 */
describe('retention sweep lease', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.prisma.$executeRawUnsafe('DROP TRIGGER IF EXISTS refuse_retention_run ON "RetentionRun"');
    await t.prisma.$executeRawUnsafe('DROP FUNCTION IF EXISTS refuse_retention_run()');
    await t.close();
  });

  it('is released when the run row cannot be written, so the next sweep runs', async () => {
    await t.prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_retention_run() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'RetentionRun refused for this test'; END $$`);
    await t.prisma.$executeRawUnsafe(
      'CREATE TRIGGER refuse_retention_run BEFORE INSERT ON "RetentionRun" FOR EACH ROW EXECUTE FUNCTION refuse_retention_run()',
    );
    const sweeps = t.app.get(RetentionSweepService);
    await expect(sweeps.sweep('manual')).rejects.toThrow('RetentionRun refused for this test');

    await t.prisma.$executeRawUnsafe('DROP TRIGGER refuse_retention_run ON "RetentionRun"');
    const next = await sweeps.sweep('manual');
    expect(next).not.toBeNull();
    expect(next?.finishedAt).toEqual(expect.any(String));
  });
});
