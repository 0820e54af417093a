import { runCli } from '../../../test/api-process';
import { tierStoresOnLocalDisk } from '../../../test/stored-objects';
import { testConfig } from '../../../test/test-config';

/**
 * storage:migrate on the normal tier: only what it refuses (moving recordings needs a bucket;
 * the moves themselves are in storage-migration.s3-spec.ts, run by the s3 tier).
 */
(tierStoresOnLocalDisk() ? describe : describe.skip)('storage:migrate without a bucket', () => {
  const config = testConfig();

  it('refuses to run without both stores, with exit code 2 and what to set', async () => {
    const run = await runCli(config, ['storage-migrate', '--to', 's3']);
    expect(run.code).toBe(2);
    expect(run.output).toContain('storage:migrate needs both stores');
    expect(run.output).toContain('S3_BUCKET is not set');
  });

  it('refuses a target it does not know before connecting to anything, with exit code 2', async () => {
    const run = await runCli(config, ['storage-migrate', '--to', 'nfs'], { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    expect(run.code).toBe(2);
    expect(run.output).toContain('--to must be s3 or local, not "nfs"');
    expect(run.output).toContain('Usage: npm run storage:migrate');
  });
});
