import { randomBytes } from 'node:crypto';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';

/** Who may search, and how bad input is refused: always a 4xx that says why, never a 500. */
describe('call-records access and input checks', () => {
  let t: TestApp;
  let compliance: TestUser;
  let supervisor: TestUser;
  let agentUser: TestUser;
  let admin: TestUser;
  let call: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    [compliance, supervisor, agentUser, admin] = await Promise.all([
      createUser(t, 'COMPLIANCE'),
      createUser(t, 'SUPERVISOR'),
      createUser(t, 'AGENT'),
      createUser(t, 'ADMIN'),
    ]);
    call = await t.prisma.callRecord.create({
      data: {
        agentId: agentUser.id,
        fromNumber: '+14155550000',
        toNumber: '+14155550999',
        twilioCallSid: `CA${randomBytes(16).toString('hex')}`,
      },
      select: { id: true },
    });
  });
  afterAll(() => t.close());

  function search(params: Record<string, string>, token = compliance.token) {
    return api(t, `/api/call-records?${new URLSearchParams(params)}`, { token });
  }

  it('answers 404 for an unknown call and 400 for an id that is not a UUID', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await api(t, `/api/call-records/${unknown}`, { token: compliance.token });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: `Call record ${unknown} not found` });
    const bad = await api(t, '/api/call-records/..%2F..%2Fetc', { token: compliance.token });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('id must be a UUID');
  });

  it('lets COMPLIANCE, SUPERVISOR and ADMIN search, and nobody else', async () => {
    expect((await search({}, '')).status).toBe(401);
    expect((await api(t, `/api/call-records/${call.id}`)).status).toBe(401);
    const forbidden = await search({}, agentUser.token);
    expect(forbidden.status).toBe(403);
    expect((await api(t, `/api/call-records/${call.id}`, { token: agentUser.token })).status).toBe(403);
    for (const user of [compliance, supervisor, admin]) {
      expect((await search({}, user.token)).status).toBe(200);
      expect((await api(t, `/api/call-records/${call.id}`, { token: user.token })).status).toBe(200);
    }
  });

  it.each([
    [{ limit: '10', q: 'x' }, 'property limit should not exist; property q should not exist'],
    [{ pageSize: '1000' }, 'pageSize must be a whole number from 1 to 200'],
    [{ page: '0' }, 'page must be a whole number from 1 to 2147483647'],
    [{ page: '-1' }, 'page must be a whole number from 1 to 2147483647'],
    [{ from: 'yesterday' }, 'from must be an ISO 8601 date such as 2024-03-01 or a date-time such as 2024-03-01T09:30:00Z'],
    [{ to: '2024-02-30' }, 'to must be an ISO 8601 date such as 2024-03-01 or a date-time such as 2024-03-01T09:30:00Z'],
    [{ from: '2024-03-03', to: '2024-03-02' }, 'from (2024-03-03) must not be after to (2024-03-02)'],
    [{ hasRecording: 'yes' }, 'hasRecording must be true or false'],
    [
      { manualDial: 'true', dataListId: '00000000-0000-4000-8000-000000000000' },
      'manualDial=true selects calls without a data list; it cannot be combined with dataListId',
    ],
    [
      { phone: "1' OR '1'='1" },
      'phone must be a full E.164 number such as +14155550123 or part of one, using only digits, spaces, a leading +, - and ( )',
    ],
    [
      { phone: '%' },
      'phone must be a full E.164 number such as +14155550123 or part of one, using only digits, spaces, a leading +, - and ( )',
    ],
    [{ sort: 'password' }, 'sort must be one of placedAt, -placedAt, durationSeconds, -durationSeconds, agent, -agent, outcome, -outcome'],
    [{ status: 'in_progress' }, 'status must be one of queued, ringing, in-progress, completed, busy, no-answer, failed, canceled'],
    [{ outcome: 'MAYBE' }, 'outcome must be one of SALE, CALLBACK, NOT_INTERESTED, NO_ANSWER, VOICEMAIL, WRONG_NUMBER, DO_NOT_CALL, OTHER'],
    [{ minDuration: '60', maxDuration: '30' }, 'minDuration (60) must not be greater than maxDuration (30)'],
    [{ maxDuration: '99999999999' }, 'maxDuration must be a whole number from 0 to 2147483647'],
    [{ agentId: 'me' }, 'agentId must be a UUID'],
  ])('refuses %p with a 400 that says why', async (params, message) => {
    const response = await search(params);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message });
  });

  it('answers the last possible page with no items rather than an error', async () => {
    const response = await search({ page: '2147483647', pageSize: '200' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ items: [], page: 2147483647, pageSize: 200 });
  });

  it('refuses repeated and bracketed parameters without a 500', async () => {
    const repeated = await api(t, '/api/call-records?hasRecording=true&hasRecording=false', { token: compliance.token });
    expect(repeated.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'hasRecording must be true or false' });
    const bracketed = await api(t, '/api/call-records?page[gt]=1', { token: compliance.token });
    expect(bracketed.status).toBe(400);
    // class-transformer drops these keys before validation: ignored, and certainly no 500.
    const proto = await api(t, '/api/call-records?__proto__=1&constructor=x', { token: compliance.token });
    expect([200, 400]).toContain(proto.status);
  });
});
