import { Prisma } from '../../generated/prisma/client';

/**
 * Stored recordings whose retention has run out, each with the policy that decides it: the
 * enabled policy with the LONGEST retention among those matching the call (so no policy can
 * shorten another's protection). A recording that no enabled policy matches is kept.
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
      AND (p.outcome IS NULL OR p.outcome = c.outcome)
      AND (p."agentId" IS NULL OR p."agentId" = c."agentId")
    ORDER BY p."retainDays" DESC, p."createdAt", p.id
    LIMIT 1
  ) p
  WHERE r.status = 'STORED'
    AND c."placedAt" <= (now() AT TIME ZONE 'UTC') - make_interval(days => p."retainDays")`;
