-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'COMPLIANCE', 'SUPERVISOR', 'AGENT');

-- CreateEnum
CREATE TYPE "CallStatus" AS ENUM ('queued', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled');

-- CreateEnum
CREATE TYPE "CallOutcome" AS ENUM ('SALE', 'CALLBACK', 'NOT_INTERESTED', 'NO_ANSWER', 'VOICEMAIL', 'WRONG_NUMBER', 'DO_NOT_CALL', 'OTHER');

-- CreateEnum
CREATE TYPE "RecordingStatus" AS ENUM ('PENDING', 'DOWNLOADING', 'STORED', 'FAILED', 'ABSENT', 'DELETED');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('RECORDING_METADATA_VIEWED', 'RECORDING_PLAYED', 'RECORDING_DOWNLOADED', 'RECORDING_DELETED', 'RECORDING_RETRIED', 'ACCESS_DENIED', 'POLICY_CREATED', 'POLICY_UPDATED', 'POLICY_DELETED', 'HOLD_CREATED', 'HOLD_RELEASED', 'RETENTION_RUN', 'ERASURE_REQUESTED', 'USER_CREATED', 'USER_UPDATED', 'LOGIN_FAILED');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataList" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "description" TEXT,
    "name" TEXT NOT NULL,

    CONSTRAINT "DataList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dataListId" UUID,
    "name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallRecord" (
    "id" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "answeredAt" TIMESTAMP(3),
    "contactId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dataListId" UUID,
    "direction" TEXT NOT NULL DEFAULT 'outbound-api',
    "durationSeconds" INTEGER,
    "endedAt" TIMESTAMP(3),
    "errorMessage" TEXT,
    "fromNumber" TEXT NOT NULL,
    "lastSequenceNumber" INTEGER NOT NULL DEFAULT -1,
    "outcome" "CallOutcome",
    "placedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "CallStatus" NOT NULL DEFAULT 'queued',
    "toNumber" TEXT NOT NULL,
    "twilioCallSid" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recording" (
    "id" UUID NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "callRecordId" UUID NOT NULL,
    "channels" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),
    "deletedAtSource" TIMESTAMP(3),
    "deletedBy" TEXT,
    "deletionReason" TEXT,
    "durationSeconds" INTEGER,
    "errorCode" INTEGER,
    "lastError" TEXT,
    "mimeType" TEXT,
    "sha256" TEXT,
    "sizeBytes" INTEGER,
    "source" TEXT,
    "startedAt" TIMESTAMP(3),
    "status" "RecordingStatus" NOT NULL DEFAULT 'PENDING',
    "storageKey" TEXT,
    "storedAt" TIMESTAMP(3),
    "twilioDuration" INTEGER,
    "twilioRecordingSid" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Recording_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordingPeaks" (
    "recordingId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "data" JSONB NOT NULL,

    CONSTRAINT "RecordingPeaks_pkey" PRIMARY KEY ("recordingId")
);

-- CreateTable
CREATE TABLE "RetentionPolicy" (
    "id" UUID NOT NULL,
    "agentId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "dataListId" UUID,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "manualDialOnly" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT NOT NULL,
    "outcome" "CallOutcome",
    "retainDays" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetentionPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalHold" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "criteria" JSONB NOT NULL,
    "name" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "releaseReason" TEXT,
    "releasedAt" TIMESTAMP(3),
    "releasedById" UUID,

    CONSTRAINT "LegalHold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "action" "AuditAction" NOT NULL,
    "actorId" UUID,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "details" JSONB NOT NULL DEFAULT '{}',
    "hash" TEXT NOT NULL,
    "ip" TEXT,
    "prevHash" TEXT NOT NULL,
    "recordingId" UUID,
    "seq" INTEGER NOT NULL,
    "userAgent" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "processedAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetentionRun" (
    "id" UUID NOT NULL,
    "bytesFreed" BIGINT NOT NULL DEFAULT 0,
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "finishedAt" TIMESTAMP(3),
    "matched" INTEGER NOT NULL DEFAULT 0,
    "skippedHeld" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "trigger" TEXT NOT NULL DEFAULT 'cron',
    "triggeredBy" TEXT,

    CONSTRAINT "RetentionRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "DataList_name_key" ON "DataList"("name");

-- CreateIndex
CREATE INDEX "Contact_phone_idx" ON "Contact"("phone");

-- CreateIndex
CREATE INDEX "Contact_dataListId_idx" ON "Contact"("dataListId");

-- CreateIndex
CREATE UNIQUE INDEX "CallRecord_twilioCallSid_key" ON "CallRecord"("twilioCallSid");

-- CreateIndex
CREATE INDEX "CallRecord_placedAt_id_idx" ON "CallRecord"("placedAt" DESC, "id");

-- CreateIndex
CREATE INDEX "CallRecord_agentId_placedAt_idx" ON "CallRecord"("agentId", "placedAt" DESC);

-- CreateIndex
CREATE INDEX "CallRecord_dataListId_placedAt_idx" ON "CallRecord"("dataListId", "placedAt" DESC);

-- CreateIndex
CREATE INDEX "CallRecord_outcome_placedAt_idx" ON "CallRecord"("outcome", "placedAt" DESC);

-- CreateIndex
CREATE INDEX "CallRecord_status_placedAt_idx" ON "CallRecord"("status", "placedAt" DESC);

-- CreateIndex
CREATE INDEX "CallRecord_toNumber_idx" ON "CallRecord"("toNumber");

-- CreateIndex
CREATE INDEX "CallRecord_durationSeconds_idx" ON "CallRecord"("durationSeconds");

-- CreateIndex
CREATE UNIQUE INDEX "Recording_twilioRecordingSid_key" ON "Recording"("twilioRecordingSid");

-- CreateIndex
CREATE INDEX "Recording_callRecordId_idx" ON "Recording"("callRecordId");

-- CreateIndex
CREATE INDEX "Recording_status_updatedAt_idx" ON "Recording"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "LegalHold_releasedAt_idx" ON "LegalHold"("releasedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_seq_key" ON "AuditEvent"("seq");

-- CreateIndex
CREATE INDEX "AuditEvent_recordingId_at_idx" ON "AuditEvent"("recordingId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_idempotencyKey_key" ON "WebhookEvent"("idempotencyKey");

-- CreateIndex
CREATE INDEX "WebhookEvent_receivedAt_idx" ON "WebhookEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "RetentionRun_startedAt_idx" ON "RetentionRun"("startedAt");

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_dataListId_fkey" FOREIGN KEY ("dataListId") REFERENCES "DataList"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallRecord" ADD CONSTRAINT "CallRecord_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallRecord" ADD CONSTRAINT "CallRecord_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallRecord" ADD CONSTRAINT "CallRecord_dataListId_fkey" FOREIGN KEY ("dataListId") REFERENCES "DataList"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recording" ADD CONSTRAINT "Recording_callRecordId_fkey" FOREIGN KEY ("callRecordId") REFERENCES "CallRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordingPeaks" ADD CONSTRAINT "RecordingPeaks_recordingId_fkey" FOREIGN KEY ("recordingId") REFERENCES "Recording"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetentionPolicy" ADD CONSTRAINT "RetentionPolicy_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetentionPolicy" ADD CONSTRAINT "RetentionPolicy_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetentionPolicy" ADD CONSTRAINT "RetentionPolicy_dataListId_fkey" FOREIGN KEY ("dataListId") REFERENCES "DataList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegalHold" ADD CONSTRAINT "LegalHold_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegalHold" ADD CONSTRAINT "LegalHold_releasedById_fkey" FOREIGN KEY ("releasedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_recordingId_fkey" FOREIGN KEY ("recordingId") REFERENCES "Recording"("id") ON DELETE SET NULL ON UPDATE CASCADE;
