import { CallOutcome, CallRecordDto, MANUAL_DIAL_LABEL } from '@callrec/contracts';
import { parse } from 'csv-parse/sync';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { api, createApiKey, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { EXPORT_BATCH_ROWS } from './call-records-export.service';

const CALLS = EXPORT_BATCH_ROWS * 2 + 137;
const OUTCOMES: (CallOutcome | null)[] = ['SALE', null, 'CALLBACK', 'SALE', 'NO_ANSWER', null, 'DO_NOT_CALL'];
const BASE = Date.parse('2024-05-01T00:00:00Z');
const HEADER = [
  'Placed at (UTC)',
  'Agent',
  'Contact',
  'To number',
  'Data list',
  'Call status',
  'Outcome',
  'Duration (s)',
  'Recording status',
  'Recording SID',
  'Recording ID',
];

/** How a cell that starts like a formula (here: a number's +) comes out. */
const quoted = (value: string) => `'${value}`;

/**
 * The grid as CSV over more calls than one batch: every call the grid's filters select, in the
 * grid's order, parsed back with csv-parse (the contact imports' parser). Calls dial
 * `+8<run digits><index>` so a phone prefix scopes each request to this suite's calls.
 */
describe('call-records CSV export', () => {
  let t: TestApp;
  let compliance: TestUser;
  let supervisor: TestUser;
  let agentUser: TestUser;
  let scope: { phone: string };
  let recordingSid: string;

  beforeAll(async () => {
    t = await startTestApp();
    [compliance, supervisor, agentUser] = await Promise.all([
      createUser(t, 'COMPLIANCE'),
      createUser(t, 'SUPERVISOR'),
      createUser(t, 'AGENT'),
    ]);
    const run = String(randomInt(1_000, 9_999));
    scope = { phone: `+8${run}` };
    const agents = await Promise.all(
      // A name that a spreadsheet would run as a formula, and two that tie on the agent sort.
      ["=cmd|' /C calc'!A0", 'Bea Brown', 'Bea Brown'].map((name) =>
        t.prisma.user.create({
          data: { email: `${run}-${randomBytes(3).toString('hex')}@export.test`, name, role: 'AGENT', passwordHash: 'x' },
          select: { id: true },
        }),
      ),
    );
    const list = await t.prisma.dataList.create({ data: { name: `@Renewals, "Q2" ${run}` }, select: { id: true } });
    const contacts = Array.from({ length: 50 }, (_, i) => ({
      id: randomUUID(),
      name: i % 2 ? `+Plus ${i}` : `Carol ${i}`,
      dataListId: list.id,
    }));
    await t.prisma.contact.createMany({ data: contacts.map((c, i) => ({ ...c, phone: `+8${run}${String(i).padStart(5, '0')}` })) });
    const calls = Array.from({ length: CALLS }, (_, i) => ({
      id: randomUUID(),
      agentId: agents[i % agents.length].id,
      contactId: i < contacts.length ? contacts[i].id : null,
      dataListId: i % 2 === 0 ? list.id : null,
      durationSeconds: i % 11 === 0 ? null : (i * 7) % 90,
      fromNumber: '+14155550000',
      outcome: OUTCOMES[i % OUTCOMES.length],
      // Many calls share an instant, so the keyset has ties to walk through.
      placedAt: new Date(BASE + Math.floor(i / 3) * 60_000),
      status: 'completed' as const,
      toNumber: `+8${run}${String(i).padStart(5, '0')}`,
      twilioCallSid: `CA${randomBytes(16).toString('hex')}`,
    }));
    await t.prisma.callRecord.createMany({ data: calls });
    recordingSid = `RE${randomBytes(16).toString('hex')}`;
    await t.prisma.recording.createMany({
      data: [
        {
          callRecordId: calls[1].id,
          status: 'ABSENT',
          twilioRecordingSid: `RE${randomBytes(16).toString('hex')}`,
          createdAt: new Date(BASE),
        },
        { callRecordId: calls[1].id, status: 'STORED', twilioRecordingSid: recordingSid, createdAt: new Date(BASE + 1000), channels: 2 },
      ],
    });
  });
  afterAll(() => t.close());

  async function exportCsv(params: Record<string, string>, token = compliance.token) {
    const response = await fetch(`${t.url}/api/call-records/export.csv?${new URLSearchParams(params)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    return { response, text, rows: response.status === 200 ? (parse(text) as string[][]) : [] };
  }

  /** Every call the grid lists for these filters, page after page, in its order. */
  async function gridNumbers(params: Record<string, string>): Promise<{ total: number; numbers: string[] }> {
    const numbers: string[] = [];
    let total = 0;
    for (let page = 1; ; page++) {
      const response = await api(t, `/api/call-records?${new URLSearchParams({ ...params, page: String(page), pageSize: '200' })}`, {
        token: compliance.token,
      });
      expect(response.status).toBe(200);
      total = response.body.total;
      numbers.push(...response.body.items.map((item: CallRecordDto) => item.toNumber));
      if (response.body.items.length < 200) return { total, numbers };
    }
  }

  it.each(['-placedAt', 'placedAt', 'durationSeconds', '-durationSeconds', 'agent', '-agent', 'outcome', '-outcome'])(
    'has every call the grid has, in the grid order, sorted by %s',
    async (sort) => {
      const { response, rows } = await exportCsv({ ...scope, sort });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="call-records-\d{4}-\d{2}-\d{2}\.csv"$/);
      const [header, ...body] = rows;
      expect(header).toEqual(HEADER);
      const grid = await gridNumbers({ ...scope, sort });
      expect(grid.total).toBe(CALLS);
      expect(body.length).toBe(grid.total);
      expect(body.map((row) => row[3])).toEqual(grid.numbers.map(quoted));
    },
  );

  it('honours the filters, and writes the grid facts of each call', async () => {
    const { rows } = await exportCsv({ ...scope, outcome: 'SALE', manualDial: 'true', minDuration: '10' });
    const grid = await gridNumbers({ ...scope, outcome: 'SALE', manualDial: 'true', minDuration: '10' });
    const body = rows.slice(1);
    expect(grid.total).toBeGreaterThan(0);
    expect(body.map((row) => row[3])).toEqual(grid.numbers.map(quoted));
    for (const row of body) {
      expect(row[4]).toBe(MANUAL_DIAL_LABEL);
      expect(row[5]).toBe('completed');
      expect(row[6]).toBe('SALE');
      expect(Number(row[7])).toBeGreaterThanOrEqual(10);
      expect(row[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('names the stored recording of a call, as the grid row does', async () => {
    const { rows } = await exportCsv({ ...scope, hasRecording: 'true' });
    const recording = await t.prisma.recording.findUniqueOrThrow({ where: { twilioRecordingSid: recordingSid } });
    expect(rows.slice(1)).toEqual([
      [
        expect.any(String),
        'Bea Brown',
        "'+Plus 1",
        `'${scope.phone}00001`,
        MANUAL_DIAL_LABEL,
        'completed',
        '',
        '7',
        'STORED',
        recordingSid,
        recording.id,
      ],
    ]);
  });

  it('neutralises cells a spreadsheet would run as formulas, and quotes per RFC 4180', async () => {
    const { rows, text } = await exportCsv(scope);
    const byNumber = new Map(rows.map((row) => [row[3], row]));
    // A number's leading + would start a formula too.
    const first = byNumber.get(`'${scope.phone}00000`) ?? [];
    const second = byNumber.get(`'${scope.phone}00001`) ?? [];
    expect(first[1]).toBe("'=cmd|' /C calc'!A0");
    expect(first[2]).toBe('Carol 0');
    expect(first[4]).toMatch(/^'@Renewals, "Q2" \d{4}$/);
    expect(second[2]).toBe("'+Plus 1");
    expect(text).not.toMatch(/(^|,)=cmd/m);
    expect(text).toContain(`"'@Renewals, ""Q2""`);
  });

  it('is audited once per export with the filters and the row count', async () => {
    const before = new Date();
    const { rows } = await exportCsv({ ...scope, outcome: 'CALLBACK' }, supervisor.token);
    const events = await t.prisma.auditEvent.findMany({
      where: { action: 'CALL_RECORDS_EXPORTED', actorId: supervisor.id, at: { gte: before } },
    });
    expect(events).toHaveLength(1);
    expect(events[0].details).toEqual({ filters: { ...scope, outcome: 'CALLBACK' }, rows: rows.length - 1 });
    expect(rows.length - 1).toBe((await gridNumbers({ ...scope, outcome: 'CALLBACK' })).total);
  });

  it('lets the grid roles and READER keys export, refuses agents, and answers bad filters as the grid does', async () => {
    expect((await exportCsv(scope, '')).response.status).toBe(401);
    expect((await exportCsv(scope, agentUser.token)).response.status).toBe(403);
    const reader = await createApiKey(t, (await createUser(t, 'ADMIN')).token, 'READER');
    const byKey = await exportCsv({ ...scope, outcome: 'SALE' }, reader.key);
    expect(byKey.response.status).toBe(200);
    expect(byKey.rows.length - 1).toBe((await gridNumbers({ ...scope, outcome: 'SALE' })).total);

    const bad = await api(t, '/api/call-records/export.csv?from=2024-03-03&to=2024-03-02', { token: compliance.token });
    expect(bad.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'from (2024-03-03) must not be after to (2024-03-02)' });
    const paged = await api(t, '/api/call-records/export.csv?page=2', { token: compliance.token });
    expect(paged.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'property page should not exist' });
    const before = new Date();
    await api(t, '/api/call-records/export.csv?sort=password', { token: compliance.token });
    expect(
      await t.prisma.auditEvent.count({ where: { action: 'CALL_RECORDS_EXPORTED', actorId: compliance.id, at: { gte: before } } }),
    ).toBe(0);
  });
});
