import { Prisma } from '../../generated/prisma/client';
import { StorageBackend } from '../../services/storage/recording-store';

/** Both stores are needed: the one recordings leave and the one they go to. */
export class MigrationSetupError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'MigrationSetupError';
  }
}

export interface MigrationReport {
  to: StorageBackend;
  dryRun: boolean;
  /** STORED recordings not yet in the target store when the run began. */
  total: number;
  totalBytes: number;
  moved: number;
  movedBytes: number;
  /** Changed while being copied (deleted, claimed, moved): left as they are, the copy removed. */
  skipped: string[];
  /** Not moved: copy, verification or switch failed; the row still names the source store. */
  failed: string[];
  /** Moved, but the source copy (or a discarded target copy) could not be removed. */
  leftovers: string[];
  /** Source copies of rows moved by an earlier run that stopped before removing them. */
  cleaned: number;
  /** True when --limit stopped the run before every recording was visited. */
  stoppedAtLimit: boolean;
}

export interface Candidate {
  id: string;
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  lockedUntil: Date | null;
  objectLegalHold: boolean;
  encrypted: boolean;
}

/** The rows on one store: rows stored before storageBackend existed say nothing, and are on local disk. */
export function onBackend(backend: StorageBackend): Prisma.RecordingWhereInput {
  return backend === StorageBackend.LOCAL
    ? { OR: [{ storageBackend: null }, { storageBackend: StorageBackend.LOCAL }] }
    : { storageBackend: backend };
}
