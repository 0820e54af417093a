import { databaseComment, databaseExists, freshDatabase, migrate, setDatabaseComment, withClient } from './db.mjs';
import { bulkLoad, seedPeopleAndLists } from './seed-calls.mjs';

export const COVERAGE_DB = 'callrec_bench_coverage';
export const COVERAGE_DAYS = 120;
const SEED_MARK = (calls) => `callrec bench coverage seed v1: ${calls} calls over ${COVERAGE_DAYS} days`;

/**
 * The coverage scenario's database: 1,000,000 calls over the last 120 days (about 8,300 a day),
 * seeded once in SQL and reused while its comment says it holds this seed. The mix: 70 % completed
 * calls of at least 5 s, 5 % completed shorter ones (hang-ups under COVERAGE_MIN_SECONDS), the rest
 * busy, no-answer, failed or canceled; 50 agents, 20 data lists and 20 % Manual Dial, skewed as in
 * the search seed. Of the completed calls: 98 % a STORED recording, 0.4 % one lawfully DELETED,
 * 0.6 % FAILED, 0.4 % ABSENT, 0.1 % PENDING, 0.5 % none (a lost callback).
 */
export async function ensureCoverageDatabase(log, calls = 1_000_000) {
  if ((await databaseExists(COVERAGE_DB)) && (await databaseComment(COVERAGE_DB)) === SEED_MARK(calls)) {
    try {
      await migrate(COVERAGE_DB); // picks up migrations added since the seed (the coverage indexes among them)
      await withClient(COVERAGE_DB, (c) => c.query('VACUUM ANALYZE "CallRecord", "Recording"'));
      log(`reusing ${COVERAGE_DB} (${calls} calls already seeded)`);
      return { reused: true, seconds: 0 };
    } catch (error) {
      log(`${COVERAGE_DB} no longer migrates cleanly (${error.message.split('\n')[0]}); seeding it again`);
    }
  }
  const started = performance.now();
  log(`seeding ${COVERAGE_DB} with ${calls} calls over ${COVERAGE_DAYS} days (once; later runs reuse it)…`);
  await freshDatabase(COVERAGE_DB);
  await withClient(COVERAGE_DB, async (c) => {
    await c.query("SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; SET work_mem = '64MB'");
    await seedPeopleAndLists(c, { contactsPerList: 1000 });
    await bulkLoad(c, ['CallRecord', 'Recording'], log, async () => {
      await step(log, 'calls', () => c.query(CALLS_SQL, [calls, COVERAGE_DAYS]));
      await step(log, 'recordings', () => c.query(RECORDINGS_SQL));
    });
    // Index-only scans need the visibility map that VACUUM writes.
    await step(log, 'vacuum analyze', () => c.query('VACUUM ANALYZE'));
  });
  await setDatabaseComment(COVERAGE_DB, SEED_MARK(calls));
  const seconds = (performance.now() - started) / 1000;
  log(`seeded ${COVERAGE_DB} in ${seconds.toFixed(1)} s`);
  return { reused: false, seconds };
}

async function step(log, what, fn) {
  const started = performance.now();
  const result = await fn();
  log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

// Calls are inserted in the order they were placed, as a live system writes them: the heap is
// ordered by time, so a 30-day range reads a quarter of the table, not pages from all of it.
const CALLS_SQL = `
WITH agents AS (SELECT row_number() OVER (ORDER BY email) AS n, id FROM "User" WHERE role = 'AGENT'),
     lists AS (SELECT row_number() OVER (ORDER BY name) AS n, id FROM "DataList"),
     draws AS (
       SELECT g, random() AS ra, random() AS rl, random() AS rs, random() AS rd, random() AS rc,
         date_trunc('milliseconds', now() - $2::int * interval '1 day' + (g::float8 / $1::int) * $2::int * interval '1 day') AS placed_at
       FROM generate_series(1, $1::int) g
     ),
     shaped AS (
       SELECT g, placed_at, rc,
         1 + floor(power(ra, 1.4) * (SELECT count(*) FROM agents))::int AS agent_n,
         CASE WHEN rl >= 0.2 THEN 1 + floor(power((rl - 0.2) / 0.8, 1.6) * (SELECT count(*) FROM lists))::int END AS list_n,
         CASE WHEN rs < 0.75 THEN 'completed' WHEN rs < 0.87 THEN 'busy' WHEN rs < 0.97 THEN 'no-answer'
              WHEN rs < 0.99 THEN 'failed' ELSE 'canceled' END::"CallStatus" AS status,
         -- 70 % of all calls complete after at least 5 s; 5 % complete sooner (1-4 s).
         CASE WHEN rs < 0.70 THEN 5 + floor(-ln(1 - rd) * 150)::int ELSE 1 + floor(rd * 4)::int END AS seconds
       FROM draws
     )
INSERT INTO "CallRecord" (id, "agentId", "dataListId", "placedAt", "answeredAt", "endedAt", "durationSeconds",
                          status, "fromNumber", "toNumber", "twilioCallSid", "lastSequenceNumber", "createdAt", "updatedAt")
SELECT gen_random_uuid(), a.id, l.id, placed_at,
  CASE WHEN status = 'completed' THEN placed_at + interval '6 seconds' END,
  placed_at + CASE WHEN status = 'completed' THEN interval '6 seconds' + seconds * interval '1 second' ELSE interval '20 seconds' END,
  CASE WHEN status = 'completed' THEN seconds ELSE 0 END,
  status, '+15005550006', '+1' || (2012000000 + floor(rc * 7900000000))::bigint::text, 'CA' || md5('call' || g),
  3, placed_at, placed_at + interval '1 minute'
FROM shaped
JOIN agents a ON a.n = shaped.agent_n
LEFT JOIN lists l ON l.n = shaped.list_n
ORDER BY placed_at`;

const RECORDINGS_SQL = `
INSERT INTO "Recording" (id, "callRecordId", "twilioRecordingSid", status, "storageKey", sha256, "sizeBytes", "durationSeconds",
                         "twilioDuration", channels, "mimeType", source, "startedAt", "storedAt", attempts, "createdAt", "updatedAt",
                         "lastError", "errorCode", "deletedAt", "deletedBy", "deletionReason")
SELECT gen_random_uuid(), c.id, 'RE' || md5('rec' || c.id), s.status,
  CASE WHEN s.status = 'STORED' THEN to_char(c."placedAt", 'YYYY/MM/DD/') || 'RE' || md5('rec' || c.id) || '.wav' END,
  CASE WHEN s.status IN ('STORED', 'DELETED') THEN md5(c.id::text) || md5(c."twilioCallSid") END,
  CASE WHEN s.status = 'STORED' THEN 44 + c."durationSeconds" * 32000 END,
  c."durationSeconds", c."durationSeconds", 2,
  CASE WHEN s.status = 'STORED' THEN 'audio/wav' END, 'OutboundAPI', c."answeredAt",
  CASE WHEN s.status IN ('STORED', 'DELETED') THEN c."endedAt" + interval '4 seconds' END,
  CASE WHEN s.status = 'FAILED' THEN 8 ELSE 1 END, c."endedAt", c."endedAt" + interval '4 seconds',
  CASE WHEN s.status = 'FAILED' THEN 'Twilio failed to serve the media (500)' WHEN s.status = 'ABSENT' THEN 'Twilio reports the recording absent (error 16101)' END,
  CASE WHEN s.status = 'ABSENT' THEN 16101 END,
  CASE WHEN s.status = 'DELETED' THEN c."endedAt" + interval '1 day' END,
  CASE WHEN s.status = 'DELETED' THEN 'erasure:bench' END,
  CASE WHEN s.status = 'DELETED' THEN 'Erasure request (bench)' END
FROM "CallRecord" c
CROSS JOIN LATERAL (
  SELECT CASE WHEN r < 0.980 THEN 'STORED' WHEN r < 0.984 THEN 'DELETED' WHEN r < 0.990 THEN 'FAILED'
              WHEN r < 0.994 THEN 'ABSENT' WHEN r < 0.995 THEN 'PENDING' END::"RecordingStatus" AS status
  FROM (SELECT random() + 0 * c."durationSeconds" AS r) x
) s
WHERE c.status = 'completed' AND s.status IS NOT NULL
ORDER BY c."placedAt"`;
