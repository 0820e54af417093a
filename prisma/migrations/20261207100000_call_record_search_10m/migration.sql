-- The call-records search at 10,000,000 calls (bench/README.md, call-records-search).

-- "Phone contains" (toNumber LIKE '%digits%') cannot use the b-tree on toNumber: a trigram
-- GIN index finds the rows holding every three-digit run of the digits, then LIKE rechecks.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "CallRecord_toNumber_trgm_idx" ON "CallRecord" USING gin ("toNumber" gin_trgm_ops);

-- Sorting by the agent's name needed the User join before the LIMIT, so every matching call
-- was joined and sorted (10,000,000 of them without a filter). A copy of the name on the call,
-- kept by the triggers below, lets an index hand out the calls already in the grid's order.
-- Two indexes, because both directions put calls without an agent (orphans) last and show
-- equal names newest first: one index read backwards would reverse both.
ALTER TABLE "CallRecord" ADD COLUMN "agentName" TEXT;

UPDATE "CallRecord" c SET "agentName" = u.name FROM "User" u WHERE u.id = c."agentId";

CREATE FUNCTION "callrec_call_agent_name"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."agentName" := (SELECT name FROM "User" WHERE id = NEW."agentId");
  RETURN NEW;
END
$$;

CREATE TRIGGER "CallRecord_agent_name"
BEFORE INSERT OR UPDATE OF "agentId" ON "CallRecord"
FOR EACH ROW EXECUTE FUNCTION "callrec_call_agent_name"();

-- A rename rewrites the agent's calls: rare (an admin's edit), and the price of a sort that
-- needs no join.
CREATE FUNCTION "callrec_user_renamed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "CallRecord" SET "agentName" = NEW.name WHERE "agentId" = NEW.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER "User_renamed"
AFTER UPDATE OF name ON "User"
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION "callrec_user_renamed"();

CREATE INDEX "CallRecord_agentName_placedAt_id_idx" ON "CallRecord"("agentName" ASC NULLS LAST, "placedAt" DESC, "id");
CREATE INDEX "CallRecord_agentName_desc_placedAt_id_idx" ON "CallRecord"("agentName" DESC NULLS LAST, "placedAt" DESC, "id");
