-- Object storage (design 9.4): which store holds each recording, and the Object Lock state
-- the product has set on its object.
CREATE TYPE "StorageBackend" AS ENUM ('LOCAL', 'S3');

ALTER TABLE "Recording"
  ADD COLUMN "storageBackend" "StorageBackend",
  ADD COLUMN "lockedUntil" TIMESTAMP(3),
  ADD COLUMN "objectLegalHold" BOOLEAN NOT NULL DEFAULT false;

-- Everything stored before this build is on local disk.
UPDATE "Recording" SET "storageBackend" = 'LOCAL' WHERE "storageKey" IS NOT NULL;

ALTER TYPE "AuditAction" ADD VALUE 'RECORDING_STORAGE_MOVED';
