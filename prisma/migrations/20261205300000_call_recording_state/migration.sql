-- Coverage (design 9.7) must count a month of answered calls in well under 200 ms. Looking up
-- each call's recordings costs one index probe per call (bench/README.md, coverage: 95 % of the
-- time at 1,000,000 calls), so each call carries where its recordings stand, kept by the
-- database itself: every write to "Recording", wherever in the code it happens, goes through
-- this trigger, so the state cannot drift from the rows it summarises.
CREATE TYPE "RecordingCoverage" AS ENUM ('NONE', 'PENDING', 'RECORDED', 'ABSENT', 'FAILED');

ALTER TABLE "CallRecord" ADD COLUMN "recordingState" "RecordingCoverage" NOT NULL DEFAULT 'NONE';

-- The best of a call's recordings decides: recorded (STORED, or lawfully DELETING/DELETED),
-- else ABSENT, else FAILED, else PENDING (known, being downloaded); NONE without any.
CREATE FUNCTION "callrec_recording_state"(call_id uuid) RETURNS "RecordingCoverage"
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN bool_or(status IN ('STORED', 'DELETING', 'DELETED')) THEN 'RECORDED'
    WHEN bool_or(status = 'ABSENT') THEN 'ABSENT'
    WHEN bool_or(status = 'FAILED') THEN 'FAILED'
    WHEN count(*) > 0 THEN 'PENDING'
    ELSE 'NONE'
  END::"RecordingCoverage"
  FROM "Recording" WHERE "callRecordId" = call_id
$$;

-- Writes the call's row only when its state changes (a recording's first row, STORED, FAILED,
-- ABSENT), not on DOWNLOADING or STORED → DELETED, so the call's row lock is taken rarely.
CREATE FUNCTION "callrec_sync_recording_state"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := ARRAY[NEW."callRecordId"];
  ELSIF TG_OP = 'DELETE' THEN
    ids := ARRAY[OLD."callRecordId"];
  ELSE
    ids := ARRAY[OLD."callRecordId", NEW."callRecordId"];
  END IF;
  UPDATE "CallRecord" c SET "recordingState" = s.state
  FROM (SELECT DISTINCT id, "callrec_recording_state"(id) AS state FROM unnest(ids) AS id) s
  WHERE c.id = s.id AND c."recordingState" IS DISTINCT FROM s.state;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Recording_sync_recording_state"
AFTER INSERT OR DELETE OR UPDATE OF status, "callRecordId" ON "Recording"
FOR EACH ROW EXECUTE FUNCTION "callrec_sync_recording_state"();

UPDATE "CallRecord" c SET "recordingState" = "callrec_recording_state"(c.id)
WHERE EXISTS (SELECT 1 FROM "Recording" r WHERE r."callRecordId" = c.id);

-- The coverage count reads only this index (an index-only scan over the range's completed calls).
DROP INDEX "CallRecord_coverage_idx";
CREATE INDEX "CallRecord_coverage_idx" ON "CallRecord"("placedAt", "durationSeconds", "agentId", "dataListId", "recordingState", "id") WHERE "status" = 'completed';
