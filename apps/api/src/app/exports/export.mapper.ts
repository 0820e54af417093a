import { ExportDto, ExportScope, ExportStatus, ExportUserDto } from '@callrec/contracts';
import { Export, ExportStatus as ExportRowStatus, User } from '../../generated/prisma/client';
import { join } from 'node:path';

export type ExportRow = Export & {
  requestedBy: Pick<User, 'id' | 'name' | 'email'>;
  approvedBy: Pick<User, 'id' | 'name' | 'email'> | null;
};

export const EXPORT_USERS = {
  requestedBy: { select: { id: true, name: true, email: true } },
  approvedBy: { select: { id: true, name: true, email: true } },
} as const;

const STATUS: Record<ExportRowStatus, ExportStatus> = {
  AWAITING_APPROVAL: 'awaiting-approval',
  QUEUED: 'queued',
  RUNNING: 'running',
  READY: 'ready',
  FAILED: 'failed',
  EXPIRED: 'expired',
};

/** A ready bundle whose link has expired reads `expired` at once, before the sweep marks the row. */
export function statusOf(row: Pick<Export, 'status' | 'expiresAt'>, now = new Date()): ExportStatus {
  if (row.status === 'READY' && row.expiresAt && row.expiresAt <= now) return 'expired';
  return STATUS[row.status];
}

/** Whether the link still works: ready, not used, not expired. */
export function linkIsLive(
  row: Pick<Export, 'status' | 'expiresAt' | 'downloadedAt'>,
  now = new Date(),
): row is typeof row & { expiresAt: Date } {
  return statusOf(row, now) === 'ready' && row.downloadedAt === null && row.expiresAt !== null;
}

/**
 * Whether EXPORT_APPROVAL=two-person applied: it is not stored apart, as an export under it is
 * either still awaiting approval or carries its approver, and one without it never has one.
 */
export function approvalRequired(row: Pick<Export, 'status' | 'approvedById'>): boolean {
  return row.status === 'AWAITING_APPROVAL' || row.approvedById !== null;
}

export function toExportDto(row: ExportRow, downloadUrl: (row: ExportRow & { expiresAt: Date }) => string, now = new Date()): ExportDto {
  const user = (u: Pick<User, 'id' | 'name' | 'email'>): ExportUserDto => ({ id: u.id, name: u.name, email: u.email });
  return {
    id: row.id,
    status: statusOf(row, now),
    reason: row.reason,
    scope: row.scope as ExportScope,
    requestedBy: user(row.requestedBy),
    requestedAt: row.createdAt.toISOString(),
    approvalRequired: approvalRequired(row),
    approvedBy: row.approvedBy ? user(row.approvedBy) : null,
    approvedAt: row.approvedAt?.toISOString() ?? null,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    done: row.done,
    total: row.total,
    bytes: Number(row.bytes),
    error: row.error,
    sha256: row.sha256,
    ...(linkIsLive(row, now) ? { downloadUrl: downloadUrl(row) } : {}),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    downloadedAt: row.downloadedAt?.toISOString() ?? null,
  };
}

/** The bundle's file under EXPORT_DIR: named by the export's id, so nothing a client sends reaches a path. */
export function bundlePathOf(dir: string, exportId: string): string {
  return join(dir, `${exportId}.zip`);
}

/** Where a build writes until the bundle is complete; renamed to bundlePathOf only then. */
export function partialPathOf(dir: string, exportId: string): string {
  return `${bundlePathOf(dir, exportId)}.partial`;
}
