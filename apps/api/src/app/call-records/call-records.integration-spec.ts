import { CALL_OUTCOMES, CallOutcome, CallRecordDto, CallRecordSort, MANUAL_DIAL_LABEL } from '@callrec/contracts';
import { randomBytes, randomInt } from 'node:crypto';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { CallStatus as DbCallStatus, RecordingStatus } from '../../generated/prisma/enums';
import { fromDbCallStatus } from '../../common/call-status';
import { CALL_RECORD_SORT_VALUES } from './call-record-filters';

/** One call this suite writes, with the facts the expectations are computed from. */
interface Seed {
  id: string;
  agent: { id: string; name: string };
  dataListId: string | null;
  outcome: CallOutcome | null;
  status: DbCallStatus;
  durationSeconds: number | null;
  placedAt: Date;
  toNumber: string;
  recordings: RecordingStatus[];
}

const HOUR = 60 * 60 * 1000;
const BASE = Date.parse('2024-03-01T00:00:00Z');
const OUTCOMES: (CallOutcome | null)[] = ['SALE', 'CALLBACK', null, 'NO_ANSWER', 'SALE', 'VOICEMAIL', 'DO_NOT_CALL', null];
const STATUSES: DbCallStatus[] = [
  'completed',
  'completed',
  'busy',
  'completed',
  'no_answer',
  'completed',
  'in_progress',
  'completed',
  'failed',
];
const TALK_SECONDS = [30, 45, 30, 120, 600, 7, 45];
const RECORDINGS: RecordingStatus[][] = [['STORED'], ['PENDING'], ['ABSENT'], [], ['ABSENT', 'STORED']];
const CALLS = 27;

/**
 * Searches over calls this suite writes straight into the shared test database. Every call
 * dials `+9<run digits><index>`, so the phone prefix `+9<run digits>` scopes each request to
 * them exactly, whatever other suites have left behind.
 */
describe('call-records search', () => {
  let t: TestApp;
  let compliance: TestUser;
  let supervisor: TestUser;
  let run: string;
  let scope: { phone: string };
  let listA: { id: string; name: string };
  let listB: { id: string; name: string };
  let seeds: Seed[];

  beforeAll(async () => {
    t = await startTestApp();
    [compliance, supervisor] = await Promise.all([createUser(t, 'COMPLIANCE'), createUser(t, 'SUPERVISOR')]);
    // `+9`, four digits and a two-digit index prefix are too short to be a whole E.164
    // number (8 to 15 digits), so they search as prefixes rather than exact numbers.
    run = String(randomInt(1_000, 9_999));
    scope = { phone: `+9${run}` };
    const agents = await Promise.all(
      // Two agents share a name, so sorting by agent has ties that only the id can break.
      ['Amy Archer', 'Bob Baker', 'Bob Baker', 'Zoe Zimmer'].map((name) =>
        t.prisma.user.create({
          data: { email: `${run}-${randomBytes(3).toString('hex')}@search.test`, name, role: 'AGENT', passwordHash: 'x' },
          select: { id: true, name: true },
        }),
      ),
    );
    listA = await t.prisma.dataList.create({ data: { name: `Renewals ${run}` }, select: { id: true, name: true } });
    listB = await t.prisma.dataList.create({ data: { name: `Win-back ${run}` }, select: { id: true, name: true } });
    seeds = [];
    for (let i = 0; i < CALLS; i++) {
      const status = STATUSES[i % STATUSES.length];
      const dataListId = [null, listA.id, listB.id][i % 3];
      const toNumber = `+9${run}${String(i).padStart(3, '0')}`;
      const contact = dataListId ? await t.prisma.contact.create({ data: { name: `Contact ${i}`, phone: toNumber, dataListId } }) : null;
      const seed: Omit<Seed, 'id'> = {
        agent: agents[i % agents.length],
        dataListId,
        outcome: OUTCOMES[i % OUTCOMES.length],
        status,
        durationSeconds: status === 'in_progress' ? null : status === 'completed' ? TALK_SECONDS[i % TALK_SECONDS.length] : 0,
        // Every 5 hours over six days; calls 7 and 8 were placed at the same instant.
        placedAt: new Date(BASE + (i === 8 ? 7 : i) * 5 * HOUR),
        toNumber,
        recordings: status === 'completed' ? RECORDINGS[i % RECORDINGS.length] : [],
      };
      const row = await t.prisma.callRecord.create({
        data: {
          agentId: seed.agent.id,
          contactId: contact?.id,
          dataListId,
          durationSeconds: seed.durationSeconds,
          fromNumber: '+14155550000',
          outcome: seed.outcome,
          placedAt: seed.placedAt,
          status,
          toNumber,
          twilioCallSid: `CA${randomBytes(16).toString('hex')}`,
          recordings: {
            create: seed.recordings.map((recordingStatus, index) => ({
              createdAt: new Date(seed.placedAt.getTime() + index * 1000),
              status: recordingStatus,
              twilioRecordingSid: `RE${randomBytes(16).toString('hex')}`,
              channels: 2,
              durationSeconds: recordingStatus === 'ABSENT' ? null : seed.durationSeconds,
              sizeBytes: recordingStatus === 'STORED' ? 32_044 * (seed.durationSeconds ?? 0) + 44 : null,
              mimeType: recordingStatus === 'STORED' ? 'audio/wav' : null,
              storedAt: recordingStatus === 'STORED' ? new Date(seed.placedAt.getTime() + HOUR) : null,
            })),
          },
        },
        select: { id: true },
      });
      seeds.push({ ...seed, id: row.id });
    }
  });
  afterAll(() => t.close());

  function search(params: Record<string, string>, token = compliance.token) {
    return api(t, `/api/call-records?${new URLSearchParams(params)}`, { token });
  }

  /** Every id the filter returns (within this suite's calls), checked against the expected calls. */
  async function expectMatches(params: Record<string, string>, expected: (seed: Seed) => boolean): Promise<void> {
    const response = await search({ ...scope, pageSize: '200', ...params });
    expect(response.status).toBe(200);
    const want = seeds.filter(expected).map((seed) => seed.id);
    expect(want.length).toBeGreaterThan(0);
    expect(response.body.items.map((item: CallRecordDto) => item.id).sort()).toEqual(want.sort());
    expect(response.body.total).toBe(want.length);
  }

  const at = (iso: string) => Date.parse(iso);
  const hasStored = (seed: Seed) => seed.recordings.includes('STORED');

  it('filters on dates: a date-only "to" takes in that whole day (UTC), a date-time is inclusive', async () => {
    await expectMatches({ from: '2024-03-02' }, (s) => s.placedAt.getTime() >= at('2024-03-02T00:00:00Z'));
    await expectMatches({ to: '2024-03-02' }, (s) => s.placedAt.getTime() < at('2024-03-03T00:00:00Z'));
    await expectMatches({ from: '2024-03-02', to: '2024-03-02' }, (s) => s.placedAt.toISOString().startsWith('2024-03-02'));
    const window = (s: Seed) => s.placedAt.getTime() >= at('2024-03-02T06:00:00Z') && s.placedAt.getTime() <= at('2024-03-03T02:00:00Z');
    await expectMatches({ from: '2024-03-02T06:00:00Z', to: '2024-03-03T02:00:00Z' }, window);
    await expectMatches({ from: '2024-03-02T08:00:00+02:00', to: '2024-03-02T21:00:00-05:00' }, window);
  });

  it('filters on the agent, the data list and Manual Dial', async () => {
    const bob = seeds[1].agent;
    await expectMatches({ agentId: bob.id }, (s) => s.agent.id === bob.id);
    await expectMatches({ dataListId: listA.id }, (s) => s.dataListId === listA.id);
    await expectMatches({ manualDial: 'true' }, (s) => s.dataListId === null);
    await expectMatches({ manualDial: 'false' }, (s) => s.dataListId !== null);
    await expectMatches({ manualDial: 'false', dataListId: listB.id }, (s) => s.dataListId === listB.id);

    const manual = await search({ ...scope, manualDial: 'true' });
    expect(manual.body.items.every((item: CallRecordDto) => item.dataListLabel === MANUAL_DIAL_LABEL && item.dataList === null)).toBe(true);
    const listed = await search({ ...scope, dataListId: listB.id });
    expect(listed.body.items.every((item: CallRecordDto) => item.dataListLabel === listB.name && item.dataList?.id === listB.id)).toBe(
      true,
    );
  });

  it('filters on the outcome and on the Twilio call status', async () => {
    await expectMatches({ outcome: 'SALE' }, (s) => s.outcome === 'SALE');
    await expectMatches({ status: 'in-progress' }, (s) => s.status === 'in_progress');
    await expectMatches({ status: 'no-answer' }, (s) => s.status === 'no_answer');
    await expectMatches({ status: 'completed' }, (s) => s.status === 'completed');
    const live = await search({ ...scope, status: 'in-progress' });
    expect(live.body.items[0].status).toBe('in-progress');
  });

  it('finds a whole number exactly and part of a number anywhere', async () => {
    const five = seeds[5].toNumber;
    await expectMatches({ phone: five }, (s) => s.toNumber === five);
    await expectMatches({ phone: `+9 ${run.slice(0, 2)}-${run.slice(2)} (005)` }, (s) => s.toNumber === five);
    await expectMatches({ phone: `+9${run}01` }, (s) => s.toNumber.startsWith(`+9${run}01`));
    // Bare digits are not scoped to this suite's numbers: other suites' calls may contain them too.
    const digits = `9${run}00`;
    const anywhere = await search({ phone: digits, pageSize: '200' });
    expect(anywhere.body.items.every((item: CallRecordDto) => item.toNumber.includes(digits))).toBe(true);
    const ours = new Set(seeds.map((seed) => seed.id));
    expect(
      anywhere.body.items
        .filter((item: CallRecordDto) => ours.has(item.id))
        .map((item: CallRecordDto) => item.id)
        .sort(),
    ).toEqual(
      seeds
        .filter((seed) => seed.toNumber.includes(digits))
        .map((seed) => seed.id)
        .sort(),
    );
    // An unencoded "+" (as Angular's HttpParams sends it) arrives as a space and still means "+".
    const raw = await api(t, `/api/call-records?phone=${five}`, { token: compliance.token });
    expect(raw.body.items.map((item: CallRecordDto) => item.id)).toEqual([seeds[5].id]);
  });

  it('filters on a STORED recording being there or not, and on the duration', async () => {
    await expectMatches({ hasRecording: 'true' }, hasStored);
    await expectMatches({ hasRecording: 'false' }, (s) => !hasStored(s));
    await expectMatches({ minDuration: '45' }, (s) => s.durationSeconds !== null && s.durationSeconds >= 45);
    await expectMatches({ maxDuration: '30' }, (s) => s.durationSeconds !== null && s.durationSeconds <= 30);
    await expectMatches({ minDuration: '30', maxDuration: '30' }, (s) => s.durationSeconds === 30);
    await expectMatches({ maxDuration: '0' }, (s) => s.durationSeconds === 0);
  });

  it('combines filters', async () => {
    const zoe = seeds[3].agent;
    await expectMatches(
      { agentId: zoe.id, from: '2024-03-02', to: '2024-03-05', sort: '-placedAt' },
      (s) =>
        s.agent.id === zoe.id && s.placedAt.getTime() >= at('2024-03-02T00:00:00Z') && s.placedAt.getTime() < at('2024-03-06T00:00:00Z'),
    );
    await expectMatches({ dataListId: listA.id, outcome: 'SALE' }, (s) => s.dataListId === listA.id && s.outcome === 'SALE');
    await expectMatches(
      { manualDial: 'true', hasRecording: 'true', minDuration: '10' },
      (s) => s.dataListId === null && hasStored(s) && (s.durationSeconds ?? -1) >= 10,
    );
    await expectMatches(
      { manualDial: 'false', status: 'completed', hasRecording: 'false', maxDuration: '60' },
      (s) => s.dataListId !== null && s.status === 'completed' && !hasStored(s) && (s.durationSeconds ?? Infinity) <= 60,
    );
    const none = await search({ ...scope, agentId: zoe.id, outcome: 'WRONG_NUMBER' });
    expect(none.body).toEqual({ items: [], total: 0, totalExact: true, page: 1, pageSize: 25, nextCursor: null });
  });

  const sortKey: Record<string, (item: CallRecordDto) => string | number | null> = {
    placedAt: (item) => Date.parse(item.placedAt),
    durationSeconds: (item) => item.durationSeconds,
    agent: (item) => item.agent?.name ?? null,
    outcome: (item) => (item.outcome === null ? null : CALL_OUTCOMES.indexOf(item.outcome)),
  };

  it.each(CALL_RECORD_SORT_VALUES.map((sort) => [sort]))(
    'sorts by %s, nulls last, ties newest first, with pages that neither overlap nor skip',
    async (sort: CallRecordSort) => {
      const descending = sort.startsWith('-');
      const key = sortKey[sort.replace('-', '')];
      const all = await search({ ...scope, sort, pageSize: '200' });
      expect(all.status).toBe(200);
      const items: CallRecordDto[] = all.body.items;
      expect(items).toHaveLength(CALLS);
      for (let i = 1; i < items.length; i++) {
        const [a, b] = [key(items[i - 1]), key(items[i])];
        if (a === null) expect(b).toBeNull();
        else if (b !== null) expect(descending ? a >= b : a <= b).toBe(true);
        // Equal agents, outcomes or durations show the newest call first.
        if (a === b && !sort.endsWith('placedAt')) expect(items[i - 1].placedAt >= items[i].placedAt).toBe(true);
      }

      const paged: string[] = [];
      for (let page = 1; page <= 7; page++) {
        const response = await search({ ...scope, sort, page: String(page), pageSize: '4' });
        expect(response.body).toMatchObject({ total: CALLS, totalExact: true, page, pageSize: 4 });
        paged.push(...response.body.items.map((item: CallRecordDto) => item.id));
      }
      expect(paged).toEqual(items.map((item) => item.id));

      // The same walk by keyset: each page starts after the cursor of the one before.
      const walked: string[] = [];
      let after: string | null = null;
      for (let page = 1; page <= 7; page++) {
        const response = await search({ ...scope, sort, pageSize: '4', ...(after ? { after, page: String(page) } : {}) });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ total: CALLS, page, pageSize: 4 });
        walked.push(...response.body.items.map((item: CallRecordDto) => item.id));
        after = response.body.nextCursor;
        // 27 calls: pages 1–6 hold 4 and have a next one, page 7 holds the last 3 and has none.
        expect(after === null).toBe(page === 7);
      }
      expect(walked).toEqual(items.map((item) => item.id));
    },
  );

  it("sorts by the agent's name as it is now: a rename moves the agent's calls", async () => {
    const agent = await t.prisma.user.create({
      data: { email: `${run}-rename@search.test`, name: 'Aaron Aardvark', role: 'AGENT', passwordHash: 'x' },
    });
    const phone = `+7${run}`;
    await t.prisma.callRecord.createMany({
      data: ['Zoe Zimmer', 'Aaron Aardvark'].map((_, i) => ({
        agentId: i === 1 ? agent.id : seeds[3].agent.id,
        fromNumber: '+14155550000',
        toNumber: `${phone}${i}00`,
        status: 'completed' as const,
      })),
    });
    const names = async () => (await search({ phone, sort: 'agent' })).body.items.map((item: CallRecordDto) => item.agent?.name);
    expect(await names()).toEqual(['Aaron Aardvark', 'Zoe Zimmer']);
    await t.prisma.user.update({ where: { id: agent.id }, data: { name: 'Zz Top' } });
    expect(await names()).toEqual(['Zoe Zimmer', 'Zz Top']);
  });

  it('pages 25 at a time, newest first, by default', async () => {
    const first = await search(scope);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: CALLS, page: 1, pageSize: 25 });
    expect(first.body.items).toHaveLength(25);
    const newestFirst = [...seeds].sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime());
    expect(first.body.items[0].id).toBe(newestFirst[0].id);
    const second = await search({ ...scope, page: '2' });
    expect(second.body).toMatchObject({ total: CALLS, page: 2, pageSize: 25 });
    expect(second.body.items).toHaveLength(2);
    const beyond = await search({ ...scope, page: '3' });
    expect(beyond.body).toEqual({ items: [], total: CALLS, totalExact: true, page: 3, pageSize: 25, nextCursor: null });
  });

  it('answers each call with what the grid shows, and the same on its own page', async () => {
    // Call 19: on list A, completed after 7 s, with an ABSENT and then a STORED recording.
    const seed = seeds[19];
    expect(seed).toMatchObject({ dataListId: listA.id, durationSeconds: 7, recordings: ['ABSENT', 'STORED'] });
    const listed = await search({ phone: seed.toNumber });
    const item: CallRecordDto = listed.body.items[0];
    expect(item).toMatchObject({
      id: seed.id,
      placedAt: seed.placedAt.toISOString(),
      agent: seed.agent,
      toNumber: seed.toNumber,
      contact: { name: `Contact ${seeds.indexOf(seed)}`, phone: seed.toNumber },
      dataList: listA,
      dataListLabel: listA.name,
      durationSeconds: seed.durationSeconds,
      outcome: seed.outcome,
      status: fromDbCallStatus(seed.status),
    });
    expect(item.recordings.map((r) => ({ status: r.status, durationSeconds: r.durationSeconds, sizeBytes: r.sizeBytes }))).toEqual([
      { status: 'ABSENT', durationSeconds: null, sizeBytes: null },
      { status: 'STORED', durationSeconds: 7, sizeBytes: 32_044 * 7 + 44 },
    ]);

    const one = await api(t, `/api/call-records/${seed.id}`, { token: supervisor.token });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(item);

    const manual = await api(t, `/api/call-records/${seeds[0].id}`, { token: compliance.token });
    expect(manual.body).toMatchObject({ dataList: null, dataListLabel: MANUAL_DIAL_LABEL, contact: null });
  });
});
