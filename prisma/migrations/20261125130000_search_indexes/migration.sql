-- DropIndex
DROP INDEX "CallRecord_durationSeconds_idx";

-- DropIndex
DROP INDEX "Recording_callRecordId_idx";

-- CreateIndex
CREATE INDEX "CallRecord_durationSeconds_placedAt_id_idx" ON "CallRecord"("durationSeconds", "placedAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Recording_callRecordId_status_idx" ON "Recording"("callRecordId", "status");
