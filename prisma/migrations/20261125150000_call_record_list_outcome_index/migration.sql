-- The search by data list and outcome, newest first (design section 5): the page walks this
-- index and stops after 25 rows, and the total is an index-only count of just the matching
-- entries instead of a heap scan of the whole list's calls.
-- CreateIndex
CREATE INDEX "CallRecord_dataListId_outcome_placedAt_id_idx" ON "CallRecord"("dataListId", "outcome", "placedAt" DESC, "id");
