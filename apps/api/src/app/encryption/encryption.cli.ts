import { INestApplicationContext } from '@nestjs/common';
import { errorMessage } from '../../common/errors/error-message';
import { CommandBusyError } from '../../services/redis/command.lock';
import {
  ENCRYPTION_USAGE,
  EncryptionArgs,
  EncryptionUsageError,
  parseEncryptionArgs,
  parseRotationArgs,
  ROTATION_USAGE,
  RotationArgs,
} from './encryption.args';
import { EncryptionSetupError, KeyRotationService } from './key-rotation.service';
import { StorageEncryptionService } from './storage-encryption.service';

/** Exit codes: 0 all done (or a dry run), 1 something failed or the run broke off, 2 cannot run as asked. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

type Line = (line: string) => void;

/** Checks the arguments of keys-rotate before anything connects, so a typo costs nothing. */
export function rotationArgsOrExit(argv: readonly string[], err: Line): RotationArgs | number {
  return argsOrExit(() => parseRotationArgs(argv), ROTATION_USAGE, err);
}

/** Checks the arguments of storage-encrypt before anything connects. */
export function encryptionArgsOrExit(argv: readonly string[], err: Line): EncryptionArgs | number {
  return argsOrExit(() => parseEncryptionArgs(argv), ENCRYPTION_USAGE, err);
}

/** `node dist/apps/api/cli.js keys-rotate [--dry-run] [--batch N]`. */
export function runKeyRotation(app: INestApplicationContext, args: RotationArgs, out: Line, err: Line): Promise<number> {
  return exitCode('keys:rotate', async () => (await app.get(KeyRotationService).run(args, out)).failed.length > 0, err);
}

/** `node dist/apps/api/cli.js storage-encrypt [--dry-run] [--batch N] [--limit N]`. */
export function runStorageEncryption(app: INestApplicationContext, args: EncryptionArgs, out: Line, err: Line): Promise<number> {
  return exitCode(
    'storage:encrypt',
    async () => {
      const report = await app.get(StorageEncryptionService).run(args, out);
      return report.failed.length > 0 || report.leftovers.length > 0;
    },
    err,
  );
}

function argsOrExit<T>(parse: () => T, usage: string, err: Line): T | number {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof EncryptionUsageError)) throw error;
    err(`${error.message}\n${usage}`);
    return EXIT.usage;
  }
}

async function exitCode(command: string, run: () => Promise<boolean>, err: Line): Promise<number> {
  try {
    return (await run()) ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (error instanceof EncryptionSetupError || error instanceof CommandBusyError) {
      err(error.message);
      return EXIT.usage;
    }
    err(`${command} stopped: ${errorMessage(error)}`);
    return EXIT.failed;
  }
}
