import { Prisma } from '../../generated/prisma/client';
import { UNDER_ACTIVE_HOLD } from '../legal-holds/hold-coverage';

/**
 * Stored recordings whose retention has run out, each with the policy that decides it: the
 * enabled policy with the LONGEST retention among those matching the call (so no policy can
 * shorten another's protection). An outcome-scoped policy matches a call that has EVER had
 * that outcome (CallOutcomeChange keeps the ones it had before), so changing an outcome can
 * lengthen retention but never shorten it. A recording that no enabled policy matches is kept.
 * Select from this with `r` (Recording), `c` (CallRecord) and `p` (the deciding policy).
 */
export const EXPIRED_RECORDINGS = Prisma.sql`
  FROM "Recording" r
  JOIN "CallRecord" c ON c.id = r."callRecordId"
  CROSS JOIN LATERAL (
    SELECT p.id, p.name, p."retainDays"
    FROM "RetentionPolicy" p
    WHERE p.enabled
      AND (p."dataListId" IS NULL OR p."dataListId" = c."dataListId")
      AND (NOT p."manualDialOnly" OR c."dataListId" IS NULL)
      AND (p.outcome IS NULL OR p.outcome = c.outcome
           OR EXISTS (SELECT 1 FROM "CallOutcomeChange" o WHERE o."callRecordId" = c.id AND o."fromOutcome" = p.outcome))
      AND (p."agentId" IS NULL OR p."agentId" = c."agentId")
    ORDER BY p."retainDays" DESC, p."createdAt", p.id
    LIMIT 1
  ) p
  WHERE r.status = 'STORED'
    AND c."placedAt" <= (now() AT TIME ZONE 'UTC') - make_interval(days => p."retainDays")`;

/** Where a sweep has got to: the last call it looked at (its time as text, so no time zone can shift it). */
export interface SweepCursor {
  placedAt: string;
  id: string;
}

/**
 * The next `size` calls after `after` that are old enough for the shortest enabled retention,
 * oldest first, in the order of the (placedAt DESC, id) index read backwards. A sweep walks
 * these windows instead of asking "what is expired?" from the start for every batch: that
 * question scans past every row earlier batches deleted or a hold spares, so each batch would
 * cost more than the last; a window costs the same from the first to the last. It is a
 * separate statement so the planner has nothing to weigh: an index range read and a LIMIT.
 */
export function sweepWindow(after: SweepCursor | null, size: number): Prisma.Sql {
  const resume = after
    ? Prisma.sql`AND c."placedAt" >= ${after.placedAt}::timestamp AND (c."placedAt" > ${after.placedAt}::timestamp OR c.id < ${after.id}::uuid)`
    : Prisma.empty;
  return Prisma.sql`
    SELECT c.id, to_char(c."placedAt", 'YYYY-MM-DD HH24:MI:SS.MS') AS "placedAt"
    FROM "CallRecord" c
    WHERE c."placedAt" <= (now() AT TIME ZONE 'UTC') - make_interval(days => (SELECT min("retainDays") FROM "RetentionPolicy" WHERE enabled))
      ${resume}
    ORDER BY c."placedAt", c.id DESC
    LIMIT ${size}`;
}

/**
 * The expired recordings of these calls, each with its deciding policy and whether an active
 * hold covers it. `IN (SELECT unnest(…))` rather than `= ANY(…)`: the planner then probes the primary
 * key per id, where a thousand-element ANY made it read the whole table instead.
 */
export function expiredAmong(callIds: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT r.id, p.id AS "policyId", p.name AS "policyName", p."retainDays" AS "retainDays", ${UNDER_ACTIVE_HOLD} AS held
    ${EXPIRED_RECORDINGS} AND c.id IN (SELECT unnest(${callIds}::uuid[]))`;
}
