-- The second build's access guarantees (design 9.2).

-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'LOGIN_SUCCEEDED';
ALTER TYPE "AuditAction" ADD VALUE 'LOGOUT';
ALTER TYPE "AuditAction" ADD VALUE 'SESSIONS_REVOKED';
ALTER TYPE "AuditAction" ADD VALUE 'RECORDING_PLAYBACK_ENDED';
ALTER TYPE "AuditAction" ADD VALUE 'WEBHOOK_EVENT_RETRIED';

-- Sessions: every access token names one; ending it ends the token on every replica.
CREATE TABLE "Session" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Session_userId_endedAt_idx" ON "Session"("userId", "endedAt");
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Webhook events that can never apply are parked after WEBHOOK_MAX_ATTEMPTS, not retried forever.
ALTER TABLE "WebhookEvent" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "lastError" TEXT,
ADD COLUMN "parkedAt" TIMESTAMP(3);
-- Requeue takes the oldest unprocessed, unparked events first; pruning finds old processed ones.
CREATE INDEX "WebhookEvent_pending_receivedAt_idx" ON "WebhookEvent"("receivedAt") WHERE "processedAt" IS NULL AND "parkedAt" IS NULL;
CREATE INDEX "WebhookEvent_processedAt_idx" ON "WebhookEvent"("processedAt");
