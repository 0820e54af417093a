import { CallRecordDto } from '@callrec/contracts';
import { randomInt, randomUUID } from 'node:crypto';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';

/**
 * The total is counted exactly up to 10,000 matching calls; past that it is an estimate the
 * answer flags, and deep pages continue by cursor. Real rows: 10,000 calls written in one
 * statement under a phone prefix of this run, then one more.
 */
describe('call-records search past 10,000 calls', () => {
  let t: TestApp;
  let compliance: TestUser;
  let prefix: string;

  beforeAll(async () => {
    t = await startTestApp();
    compliance = await createUser(t, 'COMPLIANCE');
    prefix = `+6${randomInt(1_000, 9_999)}`;
    await insertCalls(0, 10_000);
  });
  afterAll(() => t.close());

  /** Calls `from`…`to - 1` of this run: numbered by the phone's last five digits, a minute apart. */
  async function insertCalls(from: number, to: number): Promise<void> {
    await t.prisma.$executeRaw`
      INSERT INTO "CallRecord" (id, "fromNumber", "toNumber", "placedAt", status, "updatedAt")
      SELECT gen_random_uuid(), '+14155550000', ${prefix} || lpad(g::text, 5, '0'),
        timestamp '2024-01-01' + g * interval '1 minute', 'completed', now()
      FROM generate_series(${from}::int, ${to - 1}::int) g`;
  }

  function search(params: Record<string, string>) {
    return api(t, `/api/call-records?${new URLSearchParams({ phone: prefix, ...params })}`, { token: compliance.token });
  }

  it('counts 10,000 exactly, then flags the total of 10,001 as an estimate; cursors reach past 10,000', async () => {
    const exact = await search({ pageSize: '200', page: '50' });
    expect(exact.body).toMatchObject({ total: 10_000, totalExact: true, page: 50, nextCursor: null });
    expect(exact.body.items).toHaveLength(200);

    await insertCalls(10_000, 10_001);
    const estimated = await search({ pageSize: '200', page: '50' });
    expect(estimated.body).toMatchObject({ totalExact: false, page: 50 });
    expect(estimated.body.total).toBeGreaterThan(10_000);
    // Newest first: page 50 ends with call 201 (10,001 calls, 200 a page); call 0 is left for page 51.
    const number = (item: CallRecordDto) => Number(item.toNumber.slice(-5));
    expect(estimated.body.items.map(number)).toEqual(Array.from({ length: 200 }, (_, i) => 10_000 - i - 9_800));

    const byCursor = await search({ pageSize: '200', page: '51', after: estimated.body.nextCursor });
    const byNumber = await search({ pageSize: '200', page: '51' });
    expect(byCursor.body.items.map(number)).toEqual([0]);
    expect(byCursor.body).toEqual(byNumber.body);
    expect(byCursor.body.nextCursor).toBeNull();
  });

  it('refuses a cursor that is not one, or belongs to another sort, with a 400 that says so', async () => {
    const first = await search({ sort: '-durationSeconds', pageSize: '4' });
    const cursor: string = first.body.nextCursor;
    const forged = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const message = 'after must be a nextCursor returned by GET /api/call-records';
    for (const [after, expected] of [
      ['not-a-cursor', message],
      [forged(['-durationSeconds', 'x', '2024-03-01 00:00:00', randomUUID()]), message],
      [forged(['-durationSeconds', '30', '2024-02-30 00:00:00', randomUUID()]), message],
      [forged(['-durationSeconds', '30', '2024-03-01 00:00:00', "1' OR '1'='1"]), message],
      [forged(['-durationSeconds', '30', '2024-03-01 00:00:00']), message],
      [cursor, 'after continues the sort -durationSeconds, not -placedAt: start again from page 1'],
    ]) {
      const response = await search({ ...(after === cursor ? {} : { sort: '-durationSeconds' }), after });
      expect(response.status).toBe(400);
      expect(response.body.message).toBe(expected);
    }
  });
});
