-- Parked webhook events (design 9.2): the Pipeline page counts and lists them on every refresh,
-- and they are few among millions of stored callbacks, so only they are indexed.
CREATE INDEX "WebhookEvent_parked_parkedAt_idx" ON "WebhookEvent"("parkedAt") WHERE "parkedAt" IS NOT NULL;
