import { ContactImportDto, ImportStatus } from '@callrec/contracts';
import { StatusLook } from '../../ui/status-chips/status-labels';

export const IMPORT_STATUS_LOOKS: Record<ImportStatus, StatusLook> = {
  queued: { label: 'Queued', tone: 'info', icon: 'schedule' },
  running: { label: 'Importing', tone: 'info', icon: 'sync' },
  completed: { label: 'Completed', tone: 'success', icon: 'check_circle' },
  failed: { label: 'Failed', tone: 'error', icon: 'error' },
};

/** What the browser has sent of the file so far. */
export interface UploadProgress {
  readonly fileName: string;
  readonly loaded: number;
  /** Unknown until the browser knows the body's size. */
  readonly total: number | null;
}

export function isFinished(job: ContactImportDto): boolean {
  return job.status === 'completed' || job.status === 'failed';
}

/** 0 to 100; null while the size is unknown, so the bar shows activity rather than a made-up share. */
export function uploadPercent(upload: UploadProgress): number | null {
  return upload.total ? Math.min(100, Math.round((upload.loaded / upload.total) * 100)) : null;
}

/** The API keeps only the first rejected lines; says so when it did, so nobody thinks the table is complete. */
export function cappedErrorsNote(job: ContactImportDto): string | null {
  return job.errors.length < job.rejected ? `Showing the first ${job.errors.length} of ${job.rejected} rejected lines.` : null;
}

/** The sentence a person is told when an import ends. */
export function importOutcome(job: ContactImportDto): string {
  if (job.status === 'failed') {
    return `The import failed: ${job.failure ?? 'the file could not be read'}`;
  }
  const rejected = job.rejected > 0 ? `; ${job.rejected} ${job.rejected === 1 ? 'line' : 'lines'} rejected` : '';
  return `Import finished: ${job.imported} added, ${job.updated} updated${rejected}`;
}
