import type { CallRecordQuery } from './calls';

/** Evidence export (design 9.6). */
export const EXPORT_STATUSES = ['awaiting-approval', 'queued', 'running', 'ready', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** The call-records grid's filters, without its paging and order. */
export type ExportFilters = Omit<CallRecordQuery, 'page' | 'pageSize' | 'sort' | 'after'>;

/** Exactly one of the three: what the grid shows, what a legal hold covers now, or named recordings. */
export interface ExportScope {
  filters?: ExportFilters;
  legalHoldId?: string;
  recordingIds?: string[];
}

export interface ExportRequest {
  reason: string;
  scope: ExportScope;
}

export interface ExportUserDto {
  id: string;
  name: string;
  email: string;
}

export interface ExportDto {
  id: string;
  status: ExportStatus;
  reason: string;
  scope: ExportScope;
  requestedBy: ExportUserDto;
  requestedAt: string;
  /** True when EXPORT_APPROVAL=two-person was in force when it was requested. */
  approvalRequired: boolean;
  approvedBy: ExportUserDto | null;
  approvedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Recordings written into the bundle so far, of `total`. */
  done: number;
  total: number;
  /** Bytes of the bundle written so far (its size once ready). */
  bytes: number;
  error: string | null;
  /** The SHA-256 of the whole ZIP, once ready. */
  sha256: string | null;
  /** The single-use link, while ready, not yet used and not expired. */
  downloadUrl?: string;
  expiresAt: string | null;
  downloadedAt: string | null;
}

export interface ExportListDto {
  items: ExportDto[];
}

/** The files of a bundle (design 9.6), besides `recordings/…` and `metadata/…`. */
export const EXPORT_BUNDLE_FILES = {
  audit: 'audit.jsonl',
  custody: 'custody.json',
  manifest: 'manifest.json',
  sums: 'SHA256SUMS',
  signature: 'SHA256SUMS.sig',
  publicKey: 'public-key.pem',
} as const;
