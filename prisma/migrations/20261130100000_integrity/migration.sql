-- The second build's integrity guarantees (design 9.1).

-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'CALL_OUTCOME_CHANGED';
ALTER TYPE "AuditAction" ADD VALUE 'RECORDING_DELETION_FAILED';

-- One writer per recording: the download run holding this token owns the row.
ALTER TABLE "Recording" ADD COLUMN "claimToken" UUID;

-- Erasure pseudonymises the call and erases its later recordings on arrival.
ALTER TABLE "CallRecord" ADD COLUMN "erasedAt" TIMESTAMP(3);

-- Callbacks carry our call record's id in their (signed) URL.
ALTER TABLE "WebhookEvent" ADD COLUMN "callRecordId" UUID;

-- Retention never stalls on one undeletable object; the run says which ones failed.
ALTER TABLE "RetentionRun" ADD COLUMN "failed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "failedIds" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[];

-- Outcome history.
CREATE TABLE "CallOutcomeChange" (
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "callRecordId" UUID NOT NULL,
    "changedById" UUID,
    "fromOutcome" "CallOutcome",
    "reason" TEXT,
    "toOutcome" "CallOutcome" NOT NULL,

    CONSTRAINT "CallOutcomeChange_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CallOutcomeChange_callRecordId_fromOutcome_idx" ON "CallOutcomeChange"("callRecordId", "fromOutcome");
ALTER TABLE "CallOutcomeChange" ADD CONSTRAINT "CallOutcomeChange_callRecordId_fkey" FOREIGN KEY ("callRecordId") REFERENCES "CallRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CallOutcomeChange" ADD CONSTRAINT "CallOutcomeChange_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Signed checkpoints of the audit chain's head.
CREATE TABLE "AuditCheckpoint" (
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "hash" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("seq")
);

-- No hashed field of an audit event may change through a foreign key.
ALTER TABLE "AuditEvent" DROP CONSTRAINT "AuditEvent_actorId_fkey";
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "AuditEvent" DROP CONSTRAINT "AuditEvent_recordingId_fkey";
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_recordingId_fkey" FOREIGN KEY ("recordingId") REFERENCES "Recording"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit trail and its checkpoints are append-only. A superuser can still bypass these
-- triggers (session_replication_role = replica); the signed checkpoints in the recording
-- store are what detects that (GET /api/audit-events/verify).
CREATE FUNCTION callrec_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'The audit trail is append-only: % on "%" is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION callrec_refuse_audit_change();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION callrec_refuse_audit_change();
CREATE TRIGGER "AuditCheckpoint_append_only" BEFORE UPDATE OR DELETE ON "AuditCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION callrec_refuse_audit_change();
CREATE TRIGGER "AuditCheckpoint_no_truncate" BEFORE TRUNCATE ON "AuditCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION callrec_refuse_audit_change();
