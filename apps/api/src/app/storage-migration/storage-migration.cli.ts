import { INestApplicationContext } from '@nestjs/common';
import { errorMessage } from '../../common/errors/error-message';
import { MigrationBusyError } from './migration.lock';
import { MIGRATION_USAGE, MigrationArgs, MigrationUsageError, parseMigrationArgs } from './storage-migration.args';
import { MigrationSetupError, StorageMigrationService } from './storage-migration.service';

/** Exit codes: 0 all moved (or a dry run), 1 some recording failed or the run broke off, 2 cannot run as asked. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Checks the arguments before anything connects, so a typo costs nothing. */
export function migrationArgsOrExit(argv: readonly string[], err: (line: string) => void): MigrationArgs | number {
  try {
    return parseMigrationArgs(argv);
  } catch (error) {
    if (!(error instanceof MigrationUsageError)) throw error;
    err(`${error.message}\n${MIGRATION_USAGE}`);
    return EXIT.usage;
  }
}

/** `node dist/apps/api/cli.js storage-migrate --to s3|local [--dry-run] [--batch N] [--limit N]`. */
export async function runStorageMigration(
  app: INestApplicationContext,
  args: MigrationArgs,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  try {
    const report = await app.get(StorageMigrationService).run(args, out);
    return report.failed.length > 0 ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (error instanceof MigrationSetupError || error instanceof MigrationBusyError) {
      err(error.message);
      return EXIT.usage;
    }
    err(`storage:migrate stopped: ${errorMessage(error)}`);
    return EXIT.failed;
  }
}
