import { Prisma } from '../../generated/prisma/client';

/**
 * The one rule of which retention policies match a call (design 9.1), as SQL over a
 * RetentionPolicy `p` and a CallRecord `c`: enabled, every scope criterion that is set matches,
 * and an outcome-, agent- or data-list-scoped policy matches a call that has EVER had that
 * outcome, agent or list (CallOutcomeChange and CallAttachmentChange keep the ones it had
 * before), so changing an outcome or attaching a call elsewhere can lengthen retention, never
 * shorten it. Each criterion looks at the call's history on its own: a policy for agent A and
 * list L matches a call that was A's and, at another time, in L; erring that way only keeps longer.
 * Retention's sweep and Object Lock's retain-until dates both use it, so they cannot disagree.
 */
export const POLICY_MATCHES_CALL = Prisma.sql`
  p.enabled
  AND (p."dataListId" IS NULL OR p."dataListId" = c."dataListId"
       OR EXISTS (SELECT 1 FROM "CallAttachmentChange" x WHERE x."callRecordId" = c.id AND x."fromDataListId" = p."dataListId"))
  AND (NOT p."manualDialOnly" OR c."dataListId" IS NULL
       OR EXISTS (SELECT 1 FROM "CallAttachmentChange" x WHERE x."callRecordId" = c.id AND x."fromDataListId" IS NULL))
  AND (p.outcome IS NULL OR p.outcome = c.outcome
       OR EXISTS (SELECT 1 FROM "CallOutcomeChange" o WHERE o."callRecordId" = c.id AND o."fromOutcome" = p.outcome))
  AND (p."agentId" IS NULL OR p."agentId" = c."agentId"
       OR EXISTS (SELECT 1 FROM "CallAttachmentChange" x WHERE x."callRecordId" = c.id AND x."fromAgentId" = p."agentId"))`;

/**
 * The policy that decides a call `c`: the matching one with the LONGEST retention (so no policy
 * can shorten another's protection), ties broken by age then id. Join it as
 * `CROSS JOIN LATERAL ${DECIDING_POLICY} p` (calls no policy matches drop out) and select
 * `p.id`, `p.name`, `p."retainDays"`.
 */
export const DECIDING_POLICY = Prisma.sql`(
  SELECT p.id, p.name, p."retainDays"
  FROM "RetentionPolicy" p
  WHERE ${POLICY_MATCHES_CALL}
  ORDER BY p."retainDays" DESC, p."createdAt", p.id
  LIMIT 1
)`;

/**
 * When retention will consider call `c`'s recording expired, as a `timestamp without time zone`
 * in UTC like `placedAt` and `Recording.lockedUntil`: placedAt plus the deciding policy's days.
 * It is exactly the instant at which EXPIRED_RECORDINGS (retention-sql.ts, which compares
 * `placedAt <= now() AT TIME ZONE 'UTC' - retainDays`) starts to list it, so the bucket's
 * retain-until date never outlasts the product's own and retention never tries to delete a
 * version that is still locked. Days are added to a zone-less timestamp, so no daylight-saving
 * shift can make the two differ by an hour.
 *
 * NULL when no enabled policy matches the call: the product then keeps the recording
 * indefinitely, and so the object gets no retain-until date in the bucket either (nothing to
 * enforce, and a date chosen here could never be taken back if a policy later shortened it).
 */
export const RETAIN_UNTIL = Prisma.sql`(
  SELECT c."placedAt" + make_interval(days => max(p."retainDays"))
  FROM "RetentionPolicy" p
  WHERE ${POLICY_MATCHES_CALL}
)`;

/**
 * True while the store refuses to delete recording `r`'s object because of Object Lock, as far
 * as the row knows: its retain-until date is still ahead, or its S3 legal hold is on (ours was
 * released but the sync has not cleared the bucket's yet). Deletions leave such rows alone
 * until the lock allows: a refused deletion is reported, never retried blindly. Never NULL (a
 * row without a date is not locked), so `NOT LOCKED_IN_STORE` keeps it.
 */
export const LOCKED_IN_STORE = Prisma.sql`
  (COALESCE(r."lockedUntil" > (now() AT TIME ZONE 'UTC'), false) OR r."objectLegalHold")`;
