-- Coverage and orphans (design 9.7). Reconciliation adopts a recording that Twilio holds and
-- no call of ours owns: it creates a call record flagged orphan from Twilio's Call resource.
-- Such a call has no agent until an ADMIN attaches one, so agentId becomes optional.
ALTER TABLE "CallRecord" ADD COLUMN "orphan" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "CallRecord" ALTER COLUMN "agentId" DROP NOT NULL;

-- The orphan filter reads the few orphans newest first without touching the rest.
CREATE INDEX "CallRecord_orphan_placedAt_idx" ON "CallRecord"("orphan", "placedAt" DESC);

ALTER TYPE "AuditAction" ADD VALUE 'ORPHAN_ADOPTED';
ALTER TYPE "AuditAction" ADD VALUE 'CALL_RECORD_ATTACHED';
