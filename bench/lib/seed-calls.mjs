import { databaseComment, databaseExists, freshDatabase, migrate, setDatabaseComment, withClient } from './db.mjs';

/** The 1,000,000 calls other scenarios (webhook-ingest, range-streaming) run against. */
export const SEARCH_DB = 'callrec_bench';
/**
 * call-records-search's 10,000,000 calls live in a database of their own: a scenario that asks
 * for a seed another one does not hold drops and seeds again, and two scenarios sharing one
 * database would take turns destroying a seed that takes tens of minutes to make.
 */
export const SEARCH_10M_DB = 'callrec_bench_search';
/** `--quick`'s small seed lives apart too, so a smoke test never replaces the 10,000,000 calls. */
export const SEARCH_QUICK_DB = 'callrec_bench_search_quick';
const SEED_MARK = (calls) => `callrec bench seed v2: ${calls} calls`;
const SEED_MARK_PATTERN = /^callrec bench seed v2: (\d+) calls$/;

/**
 * The search database (10,000,000 calls for call-records-search; other scenarios ask for
 * 1,000,000 and take a bigger seed as it is), seeded once in SQL and reused while its comment
 * says it holds at least `calls` calls of this seed's version. Distributions: 50 agents with
 * uneven volumes, 20 data lists (uneven) and 20 % Manual Dial, Twilio's end statuses,
 * 8 outcomes (and some calls with none), placedAt spread over two years, a STORED recording
 * for most answered calls, a few FAILED and ABSENT ones.
 *
 * The rows are generated inside PostgreSQL (INSERT … SELECT over generate_series) rather than
 * streamed in with COPY: both are one bulk statement into a table without secondary indexes,
 * and generating server-side spares shipping and parsing ~3 GB of text over the socket.
 */
export async function ensureSearchDatabase(log, calls = 1_000_000, database = SEARCH_DB) {
  const held = Number(SEED_MARK_PATTERN.exec((await databaseExists(database)) ? ((await databaseComment(database)) ?? '') : '')?.[1] ?? 0);
  if (held >= calls) {
    try {
      await migrate(database); // picks up migrations added since the seed
      log(`reusing ${database} (${held} calls already seeded)`);
      return { reused: true, seconds: 0, calls: held };
    } catch (error) {
      log(`${database} no longer migrates cleanly (${error.message.split('\n')[0]}); seeding it again`);
    }
  }
  const started = performance.now();
  log(`seeding ${database} with ${calls} calls (once; later runs reuse it)…`);
  await freshDatabase(database);
  const steps = {};
  await withClient(database, async (c) => {
    await c.query("SET synchronous_commit = off; SET maintenance_work_mem = '1GB'; SET work_mem = '256MB'");
    await seedPeopleAndLists(c);
    await bulkLoad(
      c,
      ['CallRecord', 'Recording'],
      log,
      async () => {
        steps.calls = await step(log, 'calls', () => c.query(CALLS_SQL, [calls]));
        steps.recordings = await step(log, 'recordings', () => c.query(RECORDINGS_SQL));
      },
      { recordingStatesSet: true, steps },
    );
    steps.vacuum = await step(log, 'vacuum analyze', () => c.query('VACUUM ANALYZE'));
  });
  await setDatabaseComment(database, SEED_MARK(calls));
  const seconds = (performance.now() - started) / 1000;
  log(`seeded ${database} in ${seconds.toFixed(1)} s`);
  return { reused: false, seconds, calls, steps };
}

/**
 * Loads the way pg_restore does: the tables' secondary indexes are dropped and built again
 * afterwards (one sort instead of a million random inserts each), and foreign-key triggers are
 * skipped for this session (the generated rows reference existing ids by construction).
 */
export async function bulkLoad(c, tables, log, load, { recordingStatesSet = false, steps = {} } = {}) {
  const { rows } = await c.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1) AND indexname NOT LIKE '%_pkey'`,
    [tables],
  );
  for (const row of rows) await c.query(`DROP INDEX "${row.indexname}"`);
  await c.query('SET session_replication_role = replica');
  try {
    await load();
    // Replica mode also silenced the trigger that keeps CallRecord."recordingState" (coverage):
    // set it in one statement, as the trigger would have row by row.
    // (The search seed sets them as it inserts the calls: an UPDATE of millions of rows costs more.)
    if (tables.includes('Recording') && !recordingStatesSet) await step(log, 'recording states', () => c.query(RECORDING_STATES_SQL));
  } finally {
    await c.query('SET session_replication_role = DEFAULT');
    steps.indexes = await step(log, `${rows.length} indexes`, async () => {
      for (const row of rows) await c.query(row.indexdef);
    });
  }
}

const RECORDING_STATES_SQL = `
UPDATE "CallRecord" c SET "recordingState" = s.state
FROM (
  SELECT "callRecordId", CASE
    WHEN bool_or(status IN ('STORED', 'DELETING', 'DELETED')) THEN 'RECORDED'
    WHEN bool_or(status = 'ABSENT') THEN 'ABSENT'
    WHEN bool_or(status = 'FAILED') THEN 'FAILED'
    ELSE 'PENDING' END::"RecordingCoverage" AS state
  FROM "Recording" GROUP BY 1
) s
WHERE c.id = s."callRecordId"`;

/** Runs one seeding step, logs and returns its seconds. */
async function step(log, what, fn) {
  const started = performance.now();
  await fn();
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  log(`  ${what}: ${seconds} s`);
  return seconds;
}

/** 50 agents, 20 data lists with 5,000 contacts each. Shared with the retention seed. */
export async function seedPeopleAndLists(c, { agents = 50, lists = 20, contactsPerList = 5000 } = {}) {
  await c.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
     SELECT gen_random_uuid(), format('agent-%s@bench.example', lpad(g::text, 3, '0')), format('Agent %s', lpad(g::text, 3, '0')),
            'not-a-login', 'AGENT', now()
     FROM generate_series(1, $1) g`,
    [agents],
  );
  await c.query(
    `INSERT INTO "DataList" (id, name, description)
     SELECT gen_random_uuid(), format('List %s', lpad(g::text, 2, '0')), 'bench' FROM generate_series(1, $1) g`,
    [lists],
  );
  await c.query(
    `INSERT INTO "Contact" (id, "dataListId", name, phone)
     SELECT gen_random_uuid(), l.id, format('Contact %s-%s', l.name, g), '+1' || (2012000000 + floor(random() * 7900000000))::bigint::text
     FROM "DataList" l CROSS JOIN generate_series(1, $1) g`,
    [contactsPerList],
  );
}

// Agents and lists are picked with a skew (x^1.4, x^1.6) so some are much busier than others;
// numbered CTEs and hash joins keep it one pass (no per-row subqueries). The session runs with
// triggers off, so the columns they keep are set here: agentName, and recordingState from the
// same draw (the first 32 bits of the call SID's hash) that RECORDINGS_SQL reads back.
const DRAW = (sid) => `(('x' || substr(${sid}, 3, 8))::bit(32)::bigint / 4294967296.0)`;
const RECORDING_STATUS = (sid) => `CASE WHEN ${DRAW(sid)} < 0.985 THEN 'STORED' WHEN ${DRAW(sid)} < 0.995 THEN 'FAILED' ELSE 'ABSENT' END`;
const CALLS_SQL = `
WITH agents AS (SELECT row_number() OVER (ORDER BY email) AS n, id, name FROM "User" WHERE role = 'AGENT'),
     lists AS (SELECT row_number() OVER (ORDER BY name) AS n, id FROM "DataList"),
     contacts AS (SELECT "dataListId" AS list_id, row_number() OVER (PARTITION BY "dataListId" ORDER BY phone) AS n, id, phone FROM "Contact"),
     draws AS (
       SELECT g, random() AS ra, random() AS rl, random() AS rs, random() AS ro, random() AS rd, random() AS rt, random() AS rc
       FROM generate_series(1, $1::int) g
     ),
     shaped AS (
       SELECT g,
         1 + floor(power(ra, 1.4) * (SELECT count(*) FROM agents))::int AS agent_n,
         CASE WHEN rl >= 0.2 THEN 1 + floor(power((rl - 0.2) / 0.8, 1.6) * (SELECT count(*) FROM lists))::int END AS list_n,
         1 + floor(rc * (SELECT count(*) FROM contacts) / (SELECT count(*) FROM lists))::int AS contact_n,
         CASE WHEN rs < 0.85 THEN 'completed' WHEN rs < 0.91 THEN 'busy' WHEN rs < 0.97 THEN 'no-answer'
              WHEN rs < 0.99 THEN 'failed' ELSE 'canceled' END::"CallStatus" AS status,
         ro, rc,
         1 + floor(-ln(1 - rd) * 150)::int AS seconds,
         date_trunc('milliseconds', now() - rt * interval '730 days') AS placed_at,
         'CA' || md5('call' || g) AS sid
       FROM draws
     )
INSERT INTO "CallRecord" (id, "agentId", "contactId", "dataListId", "placedAt", "answeredAt", "endedAt", "durationSeconds",
                          status, outcome, "fromNumber", "toNumber", "twilioCallSid", "lastSequenceNumber", "createdAt", "updatedAt",
                          "agentName", "recordingState")
SELECT gen_random_uuid(), a.id, ct.id, l.id, placed_at,
  CASE WHEN status = 'completed' THEN placed_at + interval '6 seconds' END,
  placed_at + CASE WHEN status = 'completed' THEN interval '6 seconds' + seconds * interval '1 second' ELSE interval '20 seconds' END,
  CASE WHEN status = 'completed' THEN seconds ELSE 0 END,
  status,
  CASE WHEN status <> 'completed' THEN (CASE WHEN ro < 0.9 THEN 'NO_ANSWER' END)::"CallOutcome"
       WHEN ro < 0.08 THEN NULL WHEN ro < 0.20 THEN 'SALE' WHEN ro < 0.34 THEN 'CALLBACK' WHEN ro < 0.58 THEN 'NOT_INTERESTED'
       WHEN ro < 0.68 THEN 'NO_ANSWER' WHEN ro < 0.84 THEN 'VOICEMAIL' WHEN ro < 0.90 THEN 'WRONG_NUMBER'
       WHEN ro < 0.94 THEN 'DO_NOT_CALL' ELSE 'OTHER' END::"CallOutcome",
  '+15005550006',
  COALESCE(ct.phone, '+1' || (2012000000 + floor(rc * 7900000000))::bigint::text),
  sid,
  3, placed_at, placed_at + interval '1 minute',
  a.name,
  CASE WHEN status = 'completed' AND seconds >= 2 THEN
    CASE ${RECORDING_STATUS('sid')} WHEN 'STORED' THEN 'RECORDED' ELSE ${RECORDING_STATUS('sid')} END
  ELSE 'NONE' END::"RecordingCoverage"
FROM shaped
JOIN agents a ON a.n = shaped.agent_n
LEFT JOIN lists l ON l.n = shaped.list_n
LEFT JOIN contacts ct ON ct.list_id = l.id AND ct.n = shaped.contact_n`;

const RECORDINGS_SQL = `
INSERT INTO "Recording" (id, "callRecordId", "twilioRecordingSid", status, "storageKey", sha256, "sizeBytes", "durationSeconds",
                         "twilioDuration", channels, "mimeType", source, "startedAt", "storedAt", attempts, "createdAt", "updatedAt",
                         "lastError", "errorCode")
SELECT gen_random_uuid(), c.id, 'RE' || md5('rec' || c.id), s.status,
  CASE WHEN s.status = 'STORED' THEN to_char(c."placedAt", 'YYYY/MM/DD/') || 'RE' || md5('rec' || c.id) || '.wav' END,
  CASE WHEN s.status = 'STORED' THEN md5(c.id::text) || md5(c."twilioCallSid") END,
  CASE WHEN s.status = 'STORED' THEN 44 + c."durationSeconds" * 32000 END,
  c."durationSeconds", c."durationSeconds", 2,
  CASE WHEN s.status = 'STORED' THEN 'audio/wav' END, 'OutboundAPI', c."answeredAt",
  CASE WHEN s.status = 'STORED' THEN c."endedAt" + interval '4 seconds' END,
  1, c."endedAt", c."endedAt" + interval '4 seconds',
  CASE WHEN s.status = 'FAILED' THEN 'Twilio failed to serve the media (500)' WHEN s.status = 'ABSENT' THEN 'Twilio reports the recording absent' END,
  CASE WHEN s.status = 'ABSENT' THEN 16101 END
FROM "CallRecord" c
CROSS JOIN LATERAL (SELECT (${RECORDING_STATUS('c."twilioCallSid"')})::"RecordingStatus" AS status) s
WHERE c.status = 'completed' AND c."durationSeconds" >= 2`;
