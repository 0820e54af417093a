import { StorageBackend } from '../../services/storage/recording-store';
import { MigrationUsageError, parseMigrationArgs, progressLine } from './storage-migration.args';
import { EXIT, migrationArgsOrExit } from './storage-migration.cli';

describe('parseMigrationArgs', () => {
  it('reads the target, the dry run, the batch size and the limit, in either form', () => {
    expect(parseMigrationArgs(['--to', 's3'])).toEqual({ to: StorageBackend.S3, dryRun: false, batch: 50, limit: null });
    expect(parseMigrationArgs(['--to=local', '--dry-run', '--batch', '10', '--limit=3'])).toEqual({
      to: StorageBackend.LOCAL,
      dryRun: true,
      batch: 10,
      limit: 3,
    });
  });

  it.each([
    [['--to', 'nfs'], '--to must be s3 or local, not "nfs"'],
    [[], '--to is required: s3 or local'],
    [['--to'], '--to needs a value'],
    [['--to', '--dry-run'], '--to needs a value'],
    [['--to', 's3', '--batch', '0'], '--batch must be between 1 and 1000, not 0'],
    [['--to', 's3', '--batch', '5000'], '--batch must be between 1 and 1000, not 5000'],
    [['--to', 's3', '--batch', 'ten'], '--batch must be a whole number, not "ten"'],
    [['--to', 's3', '--limit', '-1'], '--limit must be a whole number, not "-1"'],
    [['--to', 's3', '--dry-run=yes'], '--dry-run takes no value'],
    [['--to', 's3', '--force'], 'Unknown argument "--force"'],
  ])('refuses %j with a message that says why', (argv, message) => {
    expect(() => parseMigrationArgs(argv)).toThrow(new MigrationUsageError(message));
  });
});

describe('progressLine', () => {
  it('gives recordings done of all, megabytes and rates', () => {
    expect(progressLine({ done: 12, total: 300, bytes: 4_200_000, elapsedMs: 2000 })).toBe(
      '12/300 recordings, 4.2 MB, 2.1 MB/s, 6.0 recordings/s',
    );
  });

  it('never divides by a zero elapsed time', () => {
    expect(progressLine({ done: 0, total: 0, bytes: 0, elapsedMs: 0 })).toBe('0/0 recordings, 0.0 MB, 0.0 MB/s, 0.0 recordings/s');
  });
});

describe('migrationArgsOrExit', () => {
  it('answers a bad target with exit code 2, the reason and the usage, before anything connects', () => {
    const lines: string[] = [];
    expect(migrationArgsOrExit(['--to', 'nfs'], (line) => lines.push(line))).toBe(EXIT.usage);
    expect(lines.join('\n')).toContain('--to must be s3 or local, not "nfs"');
    expect(lines.join('\n')).toContain('Usage: npm run storage:migrate -- --to s3|local');
  });

  it('passes good arguments through', () => {
    expect(migrationArgsOrExit(['--to', 'local', '--dry-run'], () => undefined)).toMatchObject({ to: StorageBackend.LOCAL, dryRun: true });
  });
});
