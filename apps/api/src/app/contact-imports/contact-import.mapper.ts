import { ContactImportDto, ImportLineError } from '@callrec/contracts';
import { ContactImport } from '../../generated/prisma/client';
import { join } from 'node:path';

export function toContactImportDto(row: ContactImport): ContactImportDto {
  return {
    id: row.id,
    dataListId: row.dataListId,
    status: row.status,
    total: row.total,
    imported: row.imported,
    updated: row.updated,
    rejected: row.rejected,
    errors: Array.isArray(row.errors) ? (row.errors as unknown as ImportLineError[]) : [],
    failure: row.failure,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** The spool file of an import: its id names it, so nothing a client sends ever reaches a path. */
export function spoolKeyOf(importId: string): string {
  return `${importId}.csv`;
}

export function spoolPathOf(spoolDir: string, spoolKey: string): string {
  return join(spoolDir, spoolKey);
}
