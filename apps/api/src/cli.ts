import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { writeFileSync } from 'node:fs';
import { AppModule } from './app/app.module';
import { AuditWriter } from './app/audit/audit.writer';
import { PasswordService } from './app/auth/password.service';
import { UsersService } from './app/users/users.service';
import { seedDemoCalls } from './cli/demo-calls';
import { seedBaseData } from './cli/seed';
import { API_PREFIX } from './configure-app';
import { createOpenApiDocument } from './openapi-document';
import { StorageCheckService } from './app/health/storage-check.service';
import { migrationArgsOrExit, runStorageMigration } from './app/storage-migration/storage-migration.cli';
import { encryptionArgsOrExit, rotationArgsOrExit, runKeyRotation, runStorageEncryption } from './app/encryption/encryption.cli';
import { AppConfig, ConfigValidationError } from './services/config/app-config';
import { PreflightError } from './services/config/preflight';
import { ensureDatabase, migrateDatabase } from './services/prisma/migrator';
import { PrismaService } from './services/prisma/prisma.service';
import { errorMessage } from './common/errors/error-message';

const COMMANDS = {
  migrate: 'create the database if needed and apply migrations',
  seed: 'add demo data lists, contacts, one user per role and, on an empty database with the emulator, 25 recorded calls',
  'reset-admin-password': 'give ADMIN_EMAIL a new random password and print it',
  'check-storage': 'check that rows and files agree (--hashes also re-hashes every stored file); exit 1 if not',
  'storage-migrate':
    'move every stored recording to --to s3|local, verified, resumable ([--dry-run] [--batch N] [--limit N]); exit 1 if any failed',
  'keys-rotate':
    'rewrap every data key under the active ENCRYPTION_KEYS key, audio untouched ([--dry-run] [--batch N]); exit 1 if any failed',
  'storage-encrypt':
    'encrypt recordings stored unencrypted, verified, resumable ([--dry-run] [--batch N] [--limit N]); exit 1 if any failed',
  openapi: 'write the OpenAPI document the API serves at /api/docs to a file (or stdout), without listening',
} as const;

/**
 * Operator commands that run without the HTTP server:
 *   node dist/apps/api/cli.js <command>
 */
async function main(command: string | undefined): Promise<void> {
  // Commands never process queue jobs: that is the API and worker's business.
  const config = AppConfig.fromProcess({ APP_ROLE: 'api', CRON_ENABLED: 'false' });
  switch (command) {
    case 'migrate': {
      if (await ensureDatabase(config.databaseUrl)) console.log('Created the database');
      const result = await migrateDatabase(config.databaseUrl, config.migrationsDir);
      console.log(result.applied.length ? `Applied: ${result.applied.join(', ')}` : 'Database is up to date');
      return;
    }
    case 'seed':
      return withApp(config, async (app) => {
        const result = await seedBaseData(app.get(PrismaService), app.get(PasswordService), app.get(AuditWriter));
        console.log(`Demo data: ${result.lists} data lists, ${result.contacts} new contacts`);
        for (const user of result.createdUsers) {
          console.log(`  demo ${user.role.padEnd(10)} ${user.email} / ${user.password}`);
        }
        const calls = await seedDemoCalls(app, (line) => console.log(line));
        if (calls > 0) console.log(`Demo calls: ${calls} placed and recorded through the emulator`);
      });
    case 'reset-admin-password':
      return withApp(config, async (app) => {
        const password = await app.get(UsersService).resetPassword(config.adminEmail);
        console.log(`New password for ${config.adminEmail}: ${password}`);
      });
    case 'check-storage':
      return withApp(config, async (app) => {
        const result = await app.get(StorageCheckService).check({ hashes: process.argv.includes('--hashes') });
        console.log(JSON.stringify(result, null, 2));
        if (!result.ok) process.exitCode = 1;
      });
    case 'storage-migrate': {
      const args = migrationArgsOrExit(process.argv.slice(3), (line) => console.error(line));
      if (typeof args === 'number') {
        process.exitCode = args;
        return;
      }
      return withApp(config, async (app) => {
        process.exitCode = await runStorageMigration(
          app,
          args,
          (line) => console.log(line),
          (line) => console.error(line),
        );
      });
    }
    case 'keys-rotate': {
      const args = rotationArgsOrExit(process.argv.slice(3), (line) => console.error(line));
      if (typeof args === 'number') {
        process.exitCode = args;
        return;
      }
      return withApp(config, async (app) => {
        process.exitCode = await runKeyRotation(
          app,
          args,
          (line) => console.log(line),
          (line) => console.error(line),
        );
      });
    }
    case 'storage-encrypt': {
      const args = encryptionArgsOrExit(process.argv.slice(3), (line) => console.error(line));
      if (typeof args === 'number') {
        process.exitCode = args;
        return;
      }
      return withApp(config, async (app) => {
        process.exitCode = await runStorageEncryption(
          app,
          args,
          (line) => console.log(line),
          (line) => console.error(line),
        );
      });
    }
    case 'openapi':
      return writeOpenApiDocument(config, process.argv[3]);
    default:
      throw new Error(
        `Unknown command "${command ?? ''}". Commands:\n${Object.entries(COMMANDS)
          .map(([name, what]) => `  ${name.padEnd(22)} ${what}`)
          .join('\n')}`,
      );
  }
}

async function withApp(config: AppConfig, run: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<void>) {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    await run(app);
  } finally {
    await app.close();
  }
}

async function writeOpenApiDocument(config: AppConfig, file: string | undefined): Promise<void> {
  // An HTTP application (the document needs its routes and global prefix) that never listens.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: ['error'],
    bodyParser: false,
    // Routes and decorators without running a provider: no key file, connection or queue is created.
    preview: true,
  });
  try {
    app.setGlobalPrefix(API_PREFIX);
    const json = `${JSON.stringify(createOpenApiDocument(app, config), null, 2)}\n`;
    if (file) writeFileSync(file, json);
    else process.stdout.write(json);
  } finally {
    await app.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  const known = error instanceof ConfigValidationError || error instanceof PreflightError;
  console.error(known ? errorMessage(error) : `Failed: ${errorMessage(error)}`);
  process.exit(1);
});
