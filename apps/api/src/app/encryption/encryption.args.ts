export interface RotationArgs {
  dryRun: boolean;
  /** Data keys read and rewrapped per batch. */
  batch: number;
}

export interface EncryptionArgs {
  dryRun: boolean;
  /** Recordings read and encrypted per batch. */
  batch: number;
  /** Stop after this many recordings (an operator's trial run; tests use it to interrupt a run). */
  limit: number | null;
}

/** A command line that cannot run: printed with the usage, exit code 2. */
export class EncryptionUsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'EncryptionUsageError';
  }
}

export const ROTATION_USAGE =
  'Usage: npm run keys:rotate -- [--dry-run] [--batch N]\n' +
  '  --dry-run  print how many data keys each old key-encryption key wraps, change nothing\n' +
  '  --batch    data keys per batch (default 200, 1-1000)';

export const ENCRYPTION_USAGE =
  'Usage: npm run storage:encrypt -- [--dry-run] [--batch N] [--limit N]\n' +
  '  --dry-run  print how many recordings and bytes would be encrypted, change nothing\n' +
  '  --batch    recordings per batch (default 50, 1-1000)\n' +
  '  --limit    stop after this many recordings (run again to go on)';

/** Parses the arguments after `keys-rotate`; `--name value` and `--name=value` both work. */
export function parseRotationArgs(argv: readonly string[]): RotationArgs {
  const { dryRun, batch } = parse(argv, { batch: 200, limit: false });
  return { dryRun, batch };
}

/** Parses the arguments after `storage-encrypt`. */
export function parseEncryptionArgs(argv: readonly string[]): EncryptionArgs {
  return parse(argv, { batch: 50, limit: true });
}

function parse(argv: readonly string[], options: { batch: number; limit: boolean }): EncryptionArgs {
  const args: EncryptionArgs = { dryRun: false, batch: options.batch, limit: null };
  for (let i = 0; i < argv.length; i += 1) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const given = inline ?? argv[(i += 1)];
      if (given === undefined || given.startsWith('--')) throw new EncryptionUsageError(`${name} needs a value`);
      return given;
    };
    switch (name) {
      case '--dry-run':
        if (inline !== undefined) throw new EncryptionUsageError('--dry-run takes no value');
        args.dryRun = true;
        break;
      case '--batch':
        args.batch = positiveInt(name, value(), 1000);
        break;
      case '--limit':
        if (!options.limit) throw new EncryptionUsageError(`Unknown argument "${argv[i]}"`);
        args.limit = positiveInt(name, value(), Number.MAX_SAFE_INTEGER);
        break;
      default:
        throw new EncryptionUsageError(`Unknown argument "${argv[i]}"`);
    }
  }
  return args;
}

function positiveInt(name: string, raw: string, max: number): number {
  if (!/^\d+$/.test(raw)) throw new EncryptionUsageError(`${name} must be a whole number, not "${raw}"`);
  const value = Number(raw);
  if (value < 1 || value > max) throw new EncryptionUsageError(`${name} must be between 1 and ${max}, not ${raw}`);
  return value;
}

/** `k1 12, k0 3`: counts per key-encryption key, in a stable order. */
export function perKek(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? 'none' : entries.map(([kekId, count]) => `${kekId} ${count}`).join(', ');
}
