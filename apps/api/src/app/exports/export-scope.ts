import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { ExportScope } from '@callrec/contracts';
import { Prisma } from '../../generated/prisma/client';
import { buildCriteria } from '../call-records/call-record-filters';
import { whereSql } from '../call-records/call-record-sql';
import { HOLD_COVERS } from '../legal-holds/hold-coverage';
import { ExportScopeDto } from './dto/export-request.dto';

type Tx = Prisma.TransactionClient;

/** Exactly one of the three kinds, as given (ids in the caller's order, repeats dropped). */
export function normalizeScope(scope: ExportScopeDto): ExportScope {
  const given = (['filters', 'legalHoldId', 'recordingIds'] as const).filter((key) => scope[key] !== undefined);
  if (given.length !== 1) {
    throw new BadRequestException(
      `scope must have exactly one of filters, legalHoldId or recordingIds${given.length > 1 ? ` (it has ${given.join(' and ')})` : ''}`,
    );
  }
  if (scope.filters) {
    // The same cross-field rules as the grid (from after to, manualDial with a list, …).
    buildCriteria(scope.filters);
    return { filters: { ...scope.filters } };
  }
  if (scope.legalHoldId) return { legalHoldId: scope.legalHoldId };
  return { recordingIds: Array.from(new Set(scope.recordingIds)) };
}

/**
 * Writes the export's items: the STORED recordings the scope selects at this moment, inside the
 * request's transaction. Returns how many; a scope that names something missing or unusable
 * throws, and the transaction takes the export row with it.
 */
export async function resolveScope(tx: Tx, exportId: string, scope: ExportScope): Promise<number> {
  if (scope.filters) {
    const conditions = whereSql(buildCriteria(scope.filters));
    return tx.$executeRaw`
      INSERT INTO "ExportItem" ("exportId", "recordingId")
      SELECT ${exportId}::uuid, r.id FROM "CallRecord" c JOIN "Recording" r ON r."callRecordId" = c.id
      WHERE r.status = 'STORED' AND ${conditions}`;
  }
  if (scope.legalHoldId) return resolveHold(tx, exportId, scope.legalHoldId);
  return resolveRecordings(tx, exportId, scope.recordingIds ?? []);
}

async function resolveHold(tx: Tx, exportId: string, holdId: string): Promise<number> {
  // FOR SHARE: a release waits until the items are written, so they are what the hold covered.
  const [hold] = await tx.$queryRaw<{ name: string; releasedAt: Date | null }[]>`
    SELECT name, "releasedAt" FROM "LegalHold" WHERE id = ${holdId}::uuid FOR SHARE`;
  if (!hold) throw new NotFoundException(`Legal hold ${holdId} not found`);
  if (hold.releasedAt) {
    throw new ConflictException(`Legal hold '${hold.name}' was released on ${hold.releasedAt.toISOString()}: it covers nothing to export`);
  }
  return tx.$executeRaw`
    INSERT INTO "ExportItem" ("exportId", "recordingId")
    SELECT ${exportId}::uuid, r.id FROM "LegalHold" h, "Recording" r JOIN "CallRecord" c ON c.id = r."callRecordId"
    WHERE h.id = ${holdId}::uuid AND r.status = 'STORED' AND ${HOLD_COVERS}`;
}

async function resolveRecordings(tx: Tx, exportId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  // FOR SHARE: a deletion that has not claimed one of them yet waits for the export's commit.
  const rows = await tx.$queryRaw<{ id: string; status: string }[]>`
    SELECT id, status::text FROM "Recording" WHERE id = ANY(${ids}::uuid[]) FOR SHARE`;
  const status = new Map(rows.map((row) => [row.id, row.status]));
  const unknown = ids.find((id) => !status.has(id));
  if (unknown) throw new NotFoundException(`Recording ${unknown} does not exist`);
  const unusable = ids.find((id) => status.get(id) !== 'STORED');
  if (unusable) {
    const what = status.get(unusable);
    throw new ConflictException(
      what === 'DELETED' || what === 'DELETING'
        ? `Recording ${unusable} was deleted: its audio cannot be exported`
        : `Recording ${unusable} is not stored (status ${what}): only stored recordings can be exported`,
    );
  }
  return tx.$executeRaw`
    INSERT INTO "ExportItem" ("exportId", "recordingId") SELECT ${exportId}::uuid, unnest(${ids}::uuid[])`;
}
