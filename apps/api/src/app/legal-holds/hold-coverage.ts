import { Prisma } from '../../generated/prisma/client';

/**
 * The one definition of "this hold covers this recording", as SQL over a LegalHold row `h`,
 * a Recording `r` and its CallRecord `c`. Every criterion that is set must match; a hold
 * therefore also covers recordings that arrive after it was placed. An agent or data list
 * matches one the call had before an ADMIN attached it elsewhere (CallAttachmentChange), so
 * re-attaching a call can never take it out from under a hold. Retention, manual deletion,
 * erasure and the hold list all use it, so they can never disagree.
 */
export const HOLD_COVERS = Prisma.sql`
  (h.criteria->>'phone' IS NULL OR h.criteria->>'phone' = c."toNumber")
  AND (h.criteria->>'agentId' IS NULL OR (h.criteria->>'agentId')::uuid = c."agentId"
       OR EXISTS (SELECT 1 FROM "CallAttachmentChange" x WHERE x."callRecordId" = c.id AND x."fromAgentId" = (h.criteria->>'agentId')::uuid))
  AND (h.criteria->>'dataListId' IS NULL OR (h.criteria->>'dataListId')::uuid = c."dataListId"
       OR EXISTS (SELECT 1 FROM "CallAttachmentChange" x WHERE x."callRecordId" = c.id AND x."fromDataListId" = (h.criteria->>'dataListId')::uuid))
  AND (h.criteria->>'from' IS NULL OR c."placedAt" >= ((h.criteria->>'from')::timestamptz AT TIME ZONE 'UTC'))
  AND (h.criteria->>'to' IS NULL OR c."placedAt" <= ((h.criteria->>'to')::timestamptz AT TIME ZONE 'UTC'))
  AND (h.criteria->'recordingIds' IS NULL OR h.criteria->'recordingIds' ? r.id::text)`;

/** True when any active hold covers the recording `r` of call `c`. */
export const UNDER_ACTIVE_HOLD = Prisma.sql`
  EXISTS (SELECT 1 FROM "LegalHold" h WHERE h."releasedAt" IS NULL AND ${HOLD_COVERS})`;

/**
 * Hold creation takes this lock exclusively and deletions take it shared, so a recording is
 * either claimed for deletion before a hold exists or protected by it: never half of each.
 */
export const HOLD_LOCK = 7_243_190_003;
