-- Integrations (design 9.10): data lists and contacts from the dialer or CRM, CSV imports,
-- API keys for machines, outbound Standard Webhooks.

-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'DATA_LIST_CREATED';
ALTER TYPE "AuditAction" ADD VALUE 'DATA_LIST_UPDATED';
ALTER TYPE "AuditAction" ADD VALUE 'CONTACT_CREATED';
ALTER TYPE "AuditAction" ADD VALUE 'CONTACT_UPDATED';
ALTER TYPE "AuditAction" ADD VALUE 'CONTACTS_IMPORT_STARTED';
ALTER TYPE "AuditAction" ADD VALUE 'CONTACTS_IMPORT_FINISHED';
ALTER TYPE "AuditAction" ADD VALUE 'API_KEY_CREATED';
ALTER TYPE "AuditAction" ADD VALUE 'API_KEY_REVOKED';
ALTER TYPE "AuditAction" ADD VALUE 'API_KEY_USED';
ALTER TYPE "AuditAction" ADD VALUE 'WEBHOOK_ENDPOINT_CREATED';
ALTER TYPE "AuditAction" ADD VALUE 'WEBHOOK_ENDPOINT_UPDATED';
ALTER TYPE "AuditAction" ADD VALUE 'WEBHOOK_ENDPOINT_DELETED';
ALTER TYPE "AuditAction" ADD VALUE 'WEBHOOK_DELIVERY_RETRIED';

CREATE TYPE "ApiKeyRole" AS ENUM ('DIALER', 'READER');
CREATE TYPE "ImportStatus" AS ENUM ('queued', 'running', 'completed', 'failed');
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- Data lists and contacts carry the dialer's own ids.
ALTER TABLE "DataList" ADD COLUMN "externalId" TEXT,
ADD COLUMN "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
CREATE UNIQUE INDEX "DataList_externalId_key" ON "DataList"("externalId");

ALTER TABLE "Contact" ADD COLUMN "externalId" TEXT,
ADD COLUMN "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
-- Unique within a list; contacts without an external id (NULL) never collide.
CREATE UNIQUE INDEX "Contact_dataListId_externalId_key" ON "Contact"("dataListId", "externalId");
-- Imports without an external id match by phone within the list.
DROP INDEX "Contact_dataListId_idx";
CREATE INDEX "Contact_dataListId_phone_idx" ON "Contact"("dataListId", "phone");

CREATE TABLE "ContactImport" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "dataListId" UUID NOT NULL,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "finishedAt" TIMESTAMP(3),
    "failure" TEXT,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "spoolKey" TEXT,
    "startedAt" TIMESTAMP(3),
    "status" "ImportStatus" NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ContactImport_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ContactImport_dataListId_createdAt_idx" ON "ContactImport"("dataListId", "createdAt");
ALTER TABLE "ContactImport" ADD CONSTRAINT "ContactImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ContactImport" ADD CONSTRAINT "ContactImport_dataListId_fkey" FOREIGN KEY ("dataListId") REFERENCES "DataList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "keyHash" TEXT NOT NULL,
    "lastUsedAt" TIMESTAMP(3),
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokedById" UUID,
    "role" "ApiKeyRole" NOT NULL,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Audit events made with an API key name the key (a new column: no existing row changes).
ALTER TABLE "AuditEvent" ADD COLUMN "apiKeyId" UUID;
CREATE INDEX "AuditEvent_apiKeyId_at_idx" ON "AuditEvent"("apiKeyId", "at");
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "WebhookEndpoint" (
    "id" UUID NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "deletedAt" TIMESTAMP(3),
    "description" TEXT,
    "events" TEXT[] NOT NULL,
    "secret" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "url" TEXT NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "endpointId" UUID NOT NULL,
    "eventType" TEXT NOT NULL,
    "lastAttemptAt" TIMESTAMP(3),
    "messageId" TEXT NOT NULL,
    "nextAttemptAt" TIMESTAMP(3),
    "payload" JSONB NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "WebhookDelivery_messageId_key" ON "WebhookDelivery"("messageId");
CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt");
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "WebhookDeliveryAttempt" (
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveryId" UUID NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "error" TEXT,
    "responseBody" TEXT,
    "statusCode" INTEGER,

    CONSTRAINT "WebhookDeliveryAttempt_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "WebhookDeliveryAttempt_deliveryId_at_idx" ON "WebhookDeliveryAttempt"("deliveryId", "at");
ALTER TABLE "WebhookDeliveryAttempt" ADD CONSTRAINT "WebhookDeliveryAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "WebhookDelivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
