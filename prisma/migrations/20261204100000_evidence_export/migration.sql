-- Evidence export (design 9.6): a bundle of recordings, their facts and their audit trail,
-- requested with a reason, optionally approved by a second person, built by a worker and
-- handed out once through an expiring link. The scope is resolved when the export is
-- requested (a hold's export holds what the hold covered at that moment) into ExportItem rows.
CREATE TYPE "ExportStatus" AS ENUM ('AWAITING_APPROVAL', 'QUEUED', 'RUNNING', 'READY', 'FAILED', 'EXPIRED');

CREATE TABLE "Export" (
  "id" UUID NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "requestedById" UUID NOT NULL,
  "reason" TEXT NOT NULL,
  -- The scope as requested ({filters} | {legalHoldId} | {recordingIds}), kept for custody.json.
  "scope" JSONB NOT NULL,
  "status" "ExportStatus" NOT NULL,
  "total" INTEGER NOT NULL DEFAULT 0,
  "done" INTEGER NOT NULL DEFAULT 0,
  "bytes" BIGINT NOT NULL DEFAULT 0,
  "approvedById" UUID,
  "approvedAt" TIMESTAMP(3),
  "startedAt" TIMESTAMP(3),
  "finishedAt" TIMESTAMP(3),
  "error" TEXT,
  -- The bundle's file name under EXPORT_DIR and the SHA-256 of the whole ZIP.
  "fileName" TEXT,
  "sha256" TEXT,
  "expiresAt" TIMESTAMP(3),
  -- Set once, by the one download the link allows.
  "downloadedAt" TIMESTAMP(3),
  CONSTRAINT "Export_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Export_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "Export_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE INDEX "Export_createdAt_idx" ON "Export"("createdAt");
CREATE INDEX "Export_status_idx" ON "Export"("status");

CREATE TABLE "ExportItem" (
  "exportId" UUID NOT NULL,
  "recordingId" UUID NOT NULL,
  CONSTRAINT "ExportItem_pkey" PRIMARY KEY ("exportId", "recordingId"),
  CONSTRAINT "ExportItem_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "Export"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "ExportItem_recordingId_fkey" FOREIGN KEY ("recordingId") REFERENCES "Recording"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "ExportItem_recordingId_idx" ON "ExportItem"("recordingId");

ALTER TYPE "AuditAction" ADD VALUE 'EXPORT_REQUESTED';
ALTER TYPE "AuditAction" ADD VALUE 'EXPORT_APPROVED';
ALTER TYPE "AuditAction" ADD VALUE 'EXPORT_BUILT';
ALTER TYPE "AuditAction" ADD VALUE 'EXPORT_DOWNLOADED';
ALTER TYPE "AuditAction" ADD VALUE 'CALL_RECORDS_EXPORTED';
