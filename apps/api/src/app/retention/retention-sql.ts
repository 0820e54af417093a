import { Prisma } from '../../generated/prisma/client';
import { UNDER_ACTIVE_HOLD } from '../legal-holds/hold-coverage';
import { DECIDING_POLICY, LOCKED_IN_STORE } from '../object-lock/deciding-policy.sql';

/**
 * Stored recordings whose retention has run out, each with the policy that decides it
 * (DECIDING_POLICY: the longest enabled policy matching the call under any outcome it ever
 * had). A recording that no enabled policy matches is kept. The instant a recording enters
 * this set is exactly its RETAIN_UNTIL, the retain-until date Object Lock puts in the bucket.
 * Select from this with `r` (Recording), `c` (CallRecord) and `p` (the deciding policy).
 */
export const EXPIRED_RECORDINGS = Prisma.sql`
  FROM "Recording" r
  JOIN "CallRecord" c ON c.id = r."callRecordId"
  CROSS JOIN LATERAL ${DECIDING_POLICY} p
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
 * The expired recordings of these calls, each with its deciding policy, whether an active
 * hold covers it and whether Object Lock still protects its object in the store.
 * `IN (SELECT unnest(…))` rather than `= ANY(…)`: the planner then probes the primary key per
 * id, where a thousand-element ANY made it read the whole table instead.
 */
export function expiredAmong(callIds: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT r.id, p.id AS "policyId", p.name AS "policyName", p."retainDays" AS "retainDays", ${UNDER_ACTIVE_HOLD} AS held,
           ${LOCKED_IN_STORE} AS locked, r."lockedUntil"
    ${EXPIRED_RECORDINGS} AND c.id IN (SELECT unnest(${callIds}::uuid[]))`;
}
