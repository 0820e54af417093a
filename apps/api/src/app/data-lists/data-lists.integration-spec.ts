import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';

describe('data lists and contacts', () => {
  let t: TestApp;
  let admin: TestUser;
  let compliance: TestUser;
  let supervisor: TestUser;
  let agent: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    compliance = await createUser(t, 'COMPLIANCE');
    supervisor = await createUser(t, 'SUPERVISOR');
    agent = await createUser(t, 'AGENT');
  });
  afterAll(() => t.close());

  async function lastAudit(action: string) {
    return t.prisma.auditEvent.findFirst({ where: { action: action as never }, orderBy: { seq: 'desc' } });
  }

  it('creates, reads and renames a data list, audited; every role still reads id and name', async () => {
    const created = await api(t, '/api/data-lists', {
      method: 'POST',
      token: admin.token,
      body: { name: '  Autumn leads ', description: 'From the fair', externalId: 'crm-autumn' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Autumn leads', description: 'From the fair', externalId: 'crm-autumn', contactCount: 0 });
    const id: string = created.body.id;
    expect((await lastAudit('DATA_LIST_CREATED'))?.details).toMatchObject({
      dataListId: id,
      name: 'Autumn leads',
      externalId: 'crm-autumn',
    });

    const names = await api(t, '/api/data-lists', { token: agent.token });
    expect(names.status).toBe(200);
    expect(names.body).toContainEqual({ id, name: 'Autumn leads' });
    expect(Object.keys(names.body[0]).sort()).toEqual(['id', 'name']);

    const renamed = await api(t, `/api/data-lists/${id}`, { method: 'PATCH', token: admin.token, body: { name: 'Autumn leads 2026' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id, name: 'Autumn leads 2026', description: 'From the fair' });
    expect((await lastAudit('DATA_LIST_UPDATED'))?.details).toEqual({
      dataListId: id,
      before: { name: 'Autumn leads' },
      after: { name: 'Autumn leads 2026' },
    });

    const one = await api(t, `/api/data-lists/${id}`, { token: compliance.token });
    expect(one.status).toBe(200);
    expect(one.body.name).toBe('Autumn leads 2026');
    const summary = await api(t, '/api/data-lists/summary', { token: compliance.token });
    expect(summary.status).toBe(200);
    expect(summary.body.find((list: { id: string }) => list.id === id)).toMatchObject({ externalId: 'crm-autumn', contactCount: 0 });
    expect((await api(t, '/api/data-lists/summary', { token: agent.token })).status).toBe(403);
    expect((await api(t, '/api/data-lists', { method: 'POST', token: supervisor.token, body: { name: 'Nope' } })).status).toBe(403);
  });

  it('refuses a taken name or external id with 409 naming it, and bad input with 400, changing nothing', async () => {
    await api(t, '/api/data-lists', { method: 'POST', token: admin.token, body: { name: 'Winter', externalId: 'crm-winter' } });
    const before = await t.prisma.dataList.count();
    const sameName = await api(t, '/api/data-lists', { method: 'POST', token: admin.token, body: { name: 'Winter' } });
    expect(sameName.status).toBe(409);
    expect(sameName.body.message).toMatch(/^A data list named 'Winter' already exists/);
    const sameExternal = await api(t, '/api/data-lists', {
      method: 'POST',
      token: admin.token,
      body: { name: 'Other', externalId: 'crm-winter' },
    });
    expect(sameExternal.status).toBe(409);
    expect(sameExternal.body.message).toMatch(/already has the external id 'crm-winter'$/);
    const blank = await api(t, '/api/data-lists', { method: 'POST', token: admin.token, body: { name: '   ' } });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toBe('name must not be blank');
    expect(await t.prisma.dataList.count()).toBe(before);
    const unknown = await api(t, '/api/data-lists/5f0c6f8e-0000-4000-8000-000000000000', {
      method: 'PATCH',
      token: admin.token,
      body: { name: 'X' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Data list 5f0c6f8e-0000-4000-8000-000000000000 does not exist');
  });

  it('adds contacts with E.164 numbers, finds them by digits, and updates them, audited', async () => {
    const list = (await api(t, '/api/data-lists', { method: 'POST', token: admin.token, body: { name: 'Contacts list' } })).body;
    const created = await api(t, '/api/contacts', {
      method: 'POST',
      token: admin.token,
      body: { phone: '(201) 555-0123', name: 'Jane Doe', dataListId: list.id, externalId: 'cust-1' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      phone: '+12015550123',
      name: 'Jane Doe',
      externalId: 'cust-1',
      dataList: { id: list.id, name: 'Contacts list' },
    });
    expect((await lastAudit('CONTACT_CREATED'))?.details).toMatchObject({ contactId: created.body.id, phone: '+12015550123' });

    await api(t, '/api/contacts', { method: 'POST', token: admin.token, body: { phone: '+44 20 7946 0958', dataListId: list.id } });
    const found = await api(t, `/api/contacts?dataListId=${list.id}&phone=555%200123`, { token: supervisor.token });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ total: 1, page: 1, pageSize: 25 });
    expect(found.body.items.map((c: { phone: string }) => c.phone)).toEqual(['+12015550123']);
    const all = await api(t, `/api/contacts?dataListId=${list.id}&pageSize=1&page=2`, { token: compliance.token });
    expect(all.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(all.body.items).toHaveLength(1);

    const updated = await api(t, `/api/contacts/${created.body.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { phone: '201-555-0199' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.phone).toBe('+12015550199');
    expect((await lastAudit('CONTACT_UPDATED'))?.details).toEqual({
      contactId: created.body.id,
      before: { phone: '+12015550123' },
      after: { phone: '+12015550199' },
    });
    expect((await api(t, '/api/contacts', { token: agent.token })).status).toBe(403);
    expect((await api(t, '/api/contacts', { method: 'POST', token: supervisor.token, body: { phone: '+12015550123' } })).status).toBe(403);
  });

  it('refuses a bad number, an unknown list and a taken external id, changing nothing', async () => {
    const list = (await api(t, '/api/data-lists', { method: 'POST', token: admin.token, body: { name: 'Strict list' } })).body;
    await api(t, '/api/contacts', {
      method: 'POST',
      token: admin.token,
      body: { phone: '+12015550150', dataListId: list.id, externalId: 'x-1' },
    });
    const before = await t.prisma.contact.count();

    const bad = await api(t, '/api/contacts', { method: 'POST', token: admin.token, body: { phone: '12345', dataListId: list.id } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('phone: "12345" is not a valid phone number');
    const noList = await api(t, '/api/contacts', {
      method: 'POST',
      token: admin.token,
      body: { phone: '+12015550151', dataListId: '5f0c6f8e-0000-4000-8000-000000000001' },
    });
    expect(noList.status).toBe(404);
    expect(noList.body.message).toBe('Data list 5f0c6f8e-0000-4000-8000-000000000001 does not exist');
    const taken = await api(t, '/api/contacts', {
      method: 'POST',
      token: admin.token,
      body: { phone: '+12015550152', dataListId: list.id, externalId: 'x-1' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toMatch(/already has the external id 'x-1' in this data list$/);
    const badQuery = await api(t, '/api/contacts?phone=abc', { token: admin.token });
    expect(badQuery.status).toBe(400);
    expect(await t.prisma.contact.count()).toBe(before);

    // The same external id in another list is another contact.
    const other = (await api(t, '/api/data-lists', { method: 'POST', token: admin.token, body: { name: 'Strict list 2' } })).body;
    const elsewhere = await api(t, '/api/contacts', {
      method: 'POST',
      token: admin.token,
      body: { phone: '+12015550152', dataListId: other.id, externalId: 'x-1' },
    });
    expect(elsewhere.status).toBe(201);
    const badPatch = await api(t, `/api/contacts/${elsewhere.body.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { phone: 'call me' },
    });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.message).toBe('phone: "call me" is not a valid phone number');
  });
});
