-- Retention runs count the expired recordings Object Lock still protects in the bucket (design 9.4).
ALTER TABLE "RetentionRun" ADD COLUMN "skippedLocked" INTEGER NOT NULL DEFAULT 0;
