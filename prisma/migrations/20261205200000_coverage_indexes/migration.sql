-- Coverage (design 9.7) counts the answered calls of a range by day, agent or data list. This
-- partial index holds every column that count reads of a completed call, so the range is an
-- index-only scan that never visits the table's pages (bench/README.md, coverage).
CREATE INDEX "CallRecord_coverage_idx" ON "CallRecord"("placedAt", "durationSeconds", "agentId", "dataListId", "id") WHERE "status" = 'completed';
