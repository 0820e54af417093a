import { AppConfig, ConfigValidationError } from './services/config/app-config';
import { ensureDatabase, migrateDatabase } from './services/prisma/migrator';

/**
 * Operator commands that run without the HTTP server:
 *   node dist/apps/api/cli.js migrate
 */
async function main(command: string | undefined): Promise<void> {
  const config = AppConfig.fromEnv(process.env);
  switch (command) {
    case 'migrate': {
      if (await ensureDatabase(config.databaseUrl)) console.log('Created the database');
      const result = await migrateDatabase(config.databaseUrl, config.migrationsDir);
      console.log(result.applied.length ? `Applied: ${result.applied.join(', ')}` : 'Database is up to date');
      return;
    }
    default:
      throw new Error(`Unknown command "${command ?? ''}". Commands: migrate`);
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof ConfigValidationError ? error.message : `Failed: ${(error as Error).message}`);
  process.exit(1);
});
