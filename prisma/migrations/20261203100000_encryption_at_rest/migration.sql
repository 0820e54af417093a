-- Encryption at rest (design 9.5): each encrypted recording's data key (DEK), wrapped by a
-- key-encryption key (KEK) named by its id, lives in a table of its own so that destroying it
-- (crypto-shredding) is one DELETE and rotation rewraps rows without touching the recordings.
ALTER TABLE "Recording"
  ADD COLUMN "encrypted" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "keyShreddedAt" TIMESTAMP(3);

CREATE TABLE "RecordingKey" (
  "recordingId" UUID NOT NULL,
  "kekId" TEXT NOT NULL,
  "wrappedDek" BYTEA NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "rotatedAt" TIMESTAMP(3),
  CONSTRAINT "RecordingKey_pkey" PRIMARY KEY ("recordingId"),
  CONSTRAINT "RecordingKey_recordingId_fkey" FOREIGN KEY ("recordingId") REFERENCES "Recording"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Serves "which KEKs are in use, and how many recordings each wraps" (health) and keys:rotate.
CREATE INDEX "RecordingKey_kekId_idx" ON "RecordingKey"("kekId");

ALTER TYPE "AuditAction" ADD VALUE 'RECORDING_ENCRYPTED';
ALTER TYPE "AuditAction" ADD VALUE 'ENCRYPTION_KEYS_ROTATED';
