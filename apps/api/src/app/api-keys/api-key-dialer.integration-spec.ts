import { emulator } from '../../../test/emulator-control';
import { seedStoredRecordings } from '../../../test/recording-fixtures';
import { api, createApiKey, createUser, startTestApp, TestApiKey, TestApp, TestUser, waitFor } from '../../../test/test-app';

const NO_SUCH_AGENT = '00000000-0000-4000-8000-000000000000';

/**
 * A dialer places calls with a DIALER key through the real Twilio path (the emulator): always
 * for a named agent, whose call it then is; it ends them and sets outcomes like a non-ADMIN,
 * and it never reaches audio or user management.
 */
describe('a DIALER key', () => {
  let t: TestApp;
  let admin: TestUser;
  let agent: TestUser;
  let dialer: TestApiKey;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    agent = await createUser(t, 'AGENT', 'Dana Agent');
    dialer = await createApiKey(t, admin.token, 'DIALER', 'Predictive dialer');
  });
  beforeEach(() => emulator.reset());
  afterAll(() => t.close());

  const callRow = (id: string) => t.prisma.callRecord.findUniqueOrThrow({ where: { id } });

  it('places a call for an agent, ends it and sets its outcome, each audited as the key', async () => {
    const placed = await api(t, '/api/calls', { method: 'POST', token: dialer.key, body: { to: '+14155550721', agentId: agent.id } });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ toNumber: '+14155550721', agent: { id: agent.id, name: 'Dana Agent' } });
    expect(placed.body.twilioCallSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect((await callRow(placed.body.id)).agentId).toBe(agent.id);
    // The call record names the agent, wherever it is read from.
    const record = await api(t, `/api/call-records/${placed.body.id}`, { token: admin.token });
    expect(record.body.agent).toEqual({ id: agent.id, name: 'Dana Agent' });

    await waitFor('the call to be answered', async () => (await callRow(placed.body.id)).status === 'in_progress');
    const ended = await api(t, `/api/calls/${placed.body.id}/end`, { method: 'POST', token: dialer.key });
    expect(ended.status).toBe(200);
    await waitFor('the call to complete', async () => (await callRow(placed.body.id)).status === 'completed');

    const outcome = await api(t, `/api/calls/${placed.body.id}/outcome`, { method: 'PATCH', token: dialer.key, body: { outcome: 'SALE' } });
    expect(outcome.status).toBe(200);
    expect(outcome.body.outcome).toBe('SALE');
    const change = await t.prisma.callOutcomeChange.findFirstOrThrow({ where: { callRecordId: placed.body.id } });
    expect(change).toMatchObject({ toOutcome: 'SALE', changedById: null });
    const changed = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'CALL_OUTCOME_CHANGED', details: { path: ['callRecordId'], equals: placed.body.id } },
    });
    expect(changed).toMatchObject({ actorId: null, apiKeyId: dialer.id });

    const uses = await t.prisma.auditEvent.findMany({ where: { apiKeyId: dialer.id, action: 'API_KEY_USED' }, orderBy: { seq: 'asc' } });
    expect(uses.map((use) => use.details)).toEqual(
      expect.arrayContaining([
        { method: 'POST', route: '/api/calls', path: '/api/calls', statusCode: 201 },
        { method: 'POST', route: '/api/calls/:id/end', path: `/api/calls/${placed.body.id}/end`, statusCode: 200 },
        { method: 'PATCH', route: '/api/calls/:id/outcome', path: `/api/calls/${placed.body.id}/outcome`, statusCode: 200 },
      ]),
    );
    expect(uses.every((use) => use.actorId === null)).toBe(true);
  });

  it("places a call in the dialer's own list, named inline, which the grid and its search then show", async () => {
    const externalId = `dialer-campaign-${Date.now()}`;
    const placed = await api(t, '/api/calls', {
      method: 'POST',
      token: dialer.key,
      body: { to: '+14155550729', agentId: agent.id, dataList: { externalId, name: `Winter campaign ${externalId}` } },
    });
    expect(placed.status).toBe(201);
    const list = await t.prisma.dataList.findUniqueOrThrow({ where: { externalId } });
    expect(list.name).toBe(`Winter campaign ${externalId}`);
    expect(placed.body).toMatchObject({ dataList: { id: list.id, name: list.name }, dataListLabel: list.name });

    // The grid, filtered by the list, and its phone search, read by a person and by a READER key.
    const reader = await createApiKey(t, admin.token, 'READER', 'Reporting');
    for (const token of [admin.token, reader.key]) {
      const byList = await api(t, `/api/call-records?dataListId=${list.id}`, { token });
      expect(byList.status).toBe(200);
      expect(byList.body.items.map((item: { id: string; dataListLabel: string }) => [item.id, item.dataListLabel])).toEqual([
        [placed.body.id, list.name],
      ]);
      const byPhone = await api(t, '/api/call-records?phone=4155550729', { token });
      expect(byPhone.body.items.find((item: { id: string }) => item.id === placed.body.id)).toMatchObject({ dataListLabel: list.name });
    }
    // The names the dialer sent were recorded as the key's doing.
    const created = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'DATA_LIST_CREATED', apiKeyId: dialer.id } });
    expect(created.actorId).toBeNull();
  });

  it('must name the agent, an existing and active one', async () => {
    const bare = await api(t, '/api/calls', { method: 'POST', token: dialer.key, body: { to: '+14155550722' } });
    expect(bare.status).toBe(400);
    expect(bare.body.message).toBe('A dialer must say which agent the call is for');
    const unknown = await api(t, '/api/calls', { method: 'POST', token: dialer.key, body: { to: '+14155550722', agentId: NO_SUCH_AGENT } });
    expect(unknown.status).toBe(404);
    const gone = await createUser(t, 'AGENT');
    await t.prisma.user.update({ where: { id: gone.id }, data: { active: false } });
    const inactive = await api(t, '/api/calls', { method: 'POST', token: dialer.key, body: { to: '+14155550722', agentId: gone.id } });
    expect(inactive.status).toBe(400);
    expect(inactive.body.message).toBe(`Agent ${gone.id} is deactivated`);
    expect(await t.prisma.callRecord.count({ where: { toNumber: '+14155550722' } })).toBe(0);

    // Refused by validation, the request still reached the route: its use is audited with the 400.
    const invalid = await api(t, '/api/calls', { method: 'POST', token: dialer.key, body: { to: 'tomorrow', agentId: agent.id } });
    expect(invalid.status).toBe(400);
    const uses = await t.prisma.auditEvent.findMany({
      where: { apiKeyId: dialer.id, action: 'API_KEY_USED' },
      orderBy: { seq: 'desc' },
      take: 4,
    });
    expect(uses.map((use) => (use.details as { statusCode: number }).statusCode)).toEqual([400, 400, 404, 400]);
  });

  it('meets the outcome lock like any non-ADMIN', async () => {
    const [old] = await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 10 }]);
    const locked = await api(t, `/api/calls/${old.callId}/outcome`, {
      method: 'PATCH',
      token: dialer.key,
      body: { outcome: 'CALLBACK', reason: 'Dialer retry' },
    });
    expect(locked.status).toBe(403);
    expect(locked.body.message).toMatch(/was locked on .*; only an ADMIN may change it, with a reason$/);
  });

  it('reads data lists and agents, and nothing of audio, call records or users', async () => {
    expect((await api(t, '/api/data-lists', { token: dialer.key })).status).toBe(200);
    const agents = await api(t, '/api/agents', { token: dialer.key });
    expect(agents.status).toBe(200);
    expect(agents.body).toEqual(expect.arrayContaining([{ id: agent.id, name: 'Dana Agent' }]));

    const [recording] = await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 1 }]);
    const refusedRoutes: [string, string][] = [
      ['GET', `/api/recordings/${recording.id}/stream`],
      ['GET', `/api/recordings/${recording.id}/download`],
      ['GET', `/api/recordings/${recording.id}/peaks`],
      ['POST', `/api/recordings/${recording.id}/media-token`],
      ['GET', `/api/recordings/${recording.id}/metadata`],
      ['GET', '/api/call-records'],
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['PATCH', `/api/users/${agent.id}`],
      ['POST', '/api/api-keys'],
      ['POST', '/api/auth/logout'],
    ];
    for (const [method, path] of refusedRoutes) {
      const refused = await api(t, path, { method, token: dialer.key, body: method === 'GET' ? undefined : { role: 'ADMIN' } });
      expect(`${method} ${path} → ${refused.status}`).toBe(`${method} ${path} → 403`);
    }
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: agent.id } })).role).toBe('AGENT');
    const metadata = await api(t, `/api/recordings/${recording.id}/metadata`, { token: dialer.key });
    expect(metadata.body.message).toBe('This needs the role ADMIN, COMPLIANCE, SUPERVISOR or READER; this API key has the role DIALER');
  });
});
