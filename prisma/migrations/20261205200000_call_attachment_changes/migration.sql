-- Attaching a call to an agent and a data list (design 9.7, PATCH /api/call-records/:id).
-- Retention policies and legal holds can be scoped by agent or data list; like outcomes
-- (CallOutcomeChange), every agent and list a call had before is kept, and policies and holds
-- match those too, so an attachment can lengthen a recording's protection but never shorten it.
CREATE TABLE "CallAttachmentChange" (
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "callRecordId" UUID NOT NULL,
    "changedById" UUID,
    "fromAgentId" UUID,
    "fromDataListId" UUID,
    "reason" TEXT NOT NULL,
    "toAgentId" UUID,
    "toDataListId" UUID,

    CONSTRAINT "CallAttachmentChange_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CallAttachmentChange_callRecordId_idx" ON "CallAttachmentChange"("callRecordId");
ALTER TABLE "CallAttachmentChange" ADD CONSTRAINT "CallAttachmentChange_callRecordId_fkey" FOREIGN KEY ("callRecordId") REFERENCES "CallRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CallAttachmentChange" ADD CONSTRAINT "CallAttachmentChange_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
