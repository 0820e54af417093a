import { StorageBackend } from '../../services/storage/recording-store';

export interface MigrationArgs {
  /** The store every STORED recording should end up in. */
  to: StorageBackend;
  dryRun: boolean;
  /** Rows read and moved per batch. */
  batch: number;
  /** Stop after this many recordings (an operator's trial run; tests use it to interrupt a run). */
  limit: number | null;
}

/** A command line that cannot run: printed with the usage, exit code 2. */
export class MigrationUsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'MigrationUsageError';
  }
}

export const MIGRATION_USAGE =
  'Usage: npm run storage:migrate -- --to s3|local [--dry-run] [--batch N] [--limit N]\n' +
  '  --to       where every stored recording should be (s3: the S3_BUCKET; local: RECORDINGS_DIR)\n' +
  '  --dry-run  print how many recordings and bytes would move, change nothing\n' +
  '  --batch    recordings per batch (default 50, 1-1000)\n' +
  '  --limit    stop after this many recordings (run again to go on)';

const TARGETS: Record<string, StorageBackend> = { s3: StorageBackend.S3, local: StorageBackend.LOCAL };

/** Parses the arguments after `storage-migrate`; `--name value` and `--name=value` both work. */
export function parseMigrationArgs(argv: readonly string[]): MigrationArgs {
  const args: MigrationArgs = { to: StorageBackend.S3, dryRun: false, batch: 50, limit: null };
  let to: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const given = inline ?? argv[(i += 1)];
      if (given === undefined || given.startsWith('--')) throw new MigrationUsageError(`${name} needs a value`);
      return given;
    };
    switch (name) {
      case '--to':
        to = value();
        break;
      case '--dry-run':
        if (inline !== undefined) throw new MigrationUsageError('--dry-run takes no value');
        args.dryRun = true;
        break;
      case '--batch':
        args.batch = positiveInt(name, value(), 1000);
        break;
      case '--limit':
        args.limit = positiveInt(name, value(), Number.MAX_SAFE_INTEGER);
        break;
      default:
        throw new MigrationUsageError(`Unknown argument "${argv[i]}"`);
    }
  }
  if (to === undefined) throw new MigrationUsageError('--to is required: s3 or local');
  const target = TARGETS[to];
  if (target === undefined) throw new MigrationUsageError(`--to must be s3 or local, not "${to}"`);
  args.to = target;
  return args;
}

function positiveInt(name: string, raw: string, max: number): number {
  if (!/^\d+$/.test(raw)) throw new MigrationUsageError(`${name} must be a whole number, not "${raw}"`);
  const value = Number(raw);
  if (value < 1 || value > max) throw new MigrationUsageError(`${name} must be between 1 and ${max}, not ${raw}`);
  return value;
}

export interface Progress {
  done: number;
  total: number;
  bytes: number;
  elapsedMs: number;
}

/** One progress line: `12/300 recordings, 4.2 MB, 1.3 MB/s, 9.1 recordings/s`. */
export function progressLine({ done, total, bytes, elapsedMs }: Progress): string {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const mb = bytes / 1_000_000;
  return `${done}/${total} recordings, ${mb.toFixed(1)} MB, ${(mb / seconds).toFixed(1)} MB/s, ${(done / seconds).toFixed(1)} recordings/s`;
}
