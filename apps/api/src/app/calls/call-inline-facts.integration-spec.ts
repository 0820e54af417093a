import { emulator } from '../../../test/emulator-control';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';

/** A dialer names its own list and contact on POST /api/calls (design 9.10). */
describe('placing calls with a dialer’s own data list and contact', () => {
  let t: TestApp;
  let agent: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    agent = await createUser(t, 'AGENT', 'Dana Dialer');
    admin = await createUser(t, 'ADMIN');
  });
  beforeEach(() => emulator.reset());
  afterAll(() => t.close());

  function place(body: Record<string, unknown>) {
    return api(t, '/api/calls', { method: 'POST', token: agent.token, body });
  }

  it('creates the list and contact on the first call, reuses them on the next, and the call record shows the list', async () => {
    const first = await place({
      to: '+14155550171',
      dataList: { externalId: 'crm-7', name: 'Spring campaign' },
      contact: { externalId: 'cust-1', name: 'Jane Doe' },
    });
    expect(first.status).toBe(201);
    expect(first.body.dataList).toMatchObject({ name: 'Spring campaign' });
    const list = await t.prisma.dataList.findUniqueOrThrow({ where: { externalId: 'crm-7' } });
    const contact = await t.prisma.contact.findFirstOrThrow({ where: { dataListId: list.id, externalId: 'cust-1' } });
    expect(contact).toMatchObject({ phone: '+14155550171', name: 'Jane Doe' });
    expect(first.body.dataList.id).toBe(list.id);

    const second = await place({ to: '+14155550171', dataList: { externalId: 'crm-7' }, contact: { externalId: 'cust-1' } });
    expect(second.status).toBe(201);
    expect(second.body.dataList.id).toBe(list.id);
    expect(await t.prisma.dataList.count({ where: { externalId: 'crm-7' } })).toBe(1);
    expect(await t.prisma.contact.count({ where: { dataListId: list.id } })).toBe(1);
    const rows = await t.prisma.callRecord.findMany({ where: { id: { in: [first.body.id, second.body.id] } } });
    expect(rows.map((row) => row.contactId)).toEqual([contact.id, contact.id]);

    const records = await api(t, `/api/call-records?dataListId=${list.id}`, { token: admin.token });
    expect(records.status).toBe(200);
    expect(records.body.total).toBe(2);
    expect(records.body.items.map((item: { dataListLabel: string }) => item.dataListLabel)).toEqual(['Spring campaign', 'Spring campaign']);

    const created = await t.prisma.auditEvent.findMany({ where: { action: { in: ['DATA_LIST_CREATED', 'CONTACT_CREATED'] } } });
    expect(
      created
        // Other suites share the database: only this list's events count.
        .filter((event) => {
          const details = event.details as { via?: string; dataListId?: string };
          return details.via === 'call' && details.dataListId === list.id;
        })
        .map((event) => event.action)
        .sort(),
    ).toEqual(['CONTACT_CREATED', 'DATA_LIST_CREATED']);
  });

  it('renames the list when a name is given, and matches a contact by number when it has no external id', async () => {
    await place({ to: '+14155550172', dataList: { externalId: 'crm-8', name: 'Old name' }, contact: { name: 'By number' } });
    const renamed = await place({
      to: '+14155550172',
      dataList: { externalId: 'crm-8', name: 'New name' },
      contact: { phone: '(415) 555-0172' },
    });
    expect(renamed.status).toBe(201);
    expect(renamed.body.dataList.name).toBe('New name');
    const list = await t.prisma.dataList.findUniqueOrThrow({ where: { externalId: 'crm-8' } });
    expect(await t.prisma.contact.findMany({ where: { dataListId: list.id }, select: { phone: true, name: true } })).toEqual([
      { phone: '+14155550172', name: 'By number' },
    ]);
    const update = await t.prisma.auditEvent.findFirst({ where: { action: 'DATA_LIST_UPDATED' }, orderBy: { seq: 'desc' } });
    expect(update?.details).toMatchObject({ dataListId: list.id, before: { name: 'Old name' }, after: { name: 'New name' }, via: 'call' });
  });

  it('survives calls naming the same new list and contact at once, by external id or by number', async () => {
    const byId = { to: '+14155550173', dataList: { externalId: 'crm-race', name: 'Race list' }, contact: { externalId: 'race-1' } };
    const placed = await Promise.all([1, 2, 3, 4].map(() => place(byId)));
    expect(placed.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(placed.map((response) => response.body.dataList.id)).size).toBe(1);
    expect(await t.prisma.contact.count({ where: { dataListId: placed[0].body.dataList.id } })).toBe(1);

    const byNumber = { to: '+14155550176', dataList: { externalId: 'crm-race-2', name: 'Race list 2' }, contact: { name: 'Sam' } };
    const again = await Promise.all([1, 2, 3].map(() => place(byNumber)));
    expect(again.map((response) => response.status)).toEqual([201, 201, 201]);
    expect(await t.prisma.contact.count({ where: { dataListId: again[0].body.dataList.id } })).toBe(1);
  });

  it('refuses mixed or incomplete facts with 400, creating nothing', async () => {
    const before = {
      lists: await t.prisma.dataList.count(),
      contacts: await t.prisma.contact.count(),
      calls: await t.prisma.callRecord.count(),
    };
    const someList = await t.prisma.dataList.create({ data: { name: 'Plain list' } });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ to: '+14155550174', dataList: { externalId: 'crm-new' } }, /a new data list needs a name$/],
      [{ to: '+14155550174', dataList: { externalId: 'crm-9', name: 'X' }, dataListId: someList.id }, /without dataListId and contactId$/],
      [{ to: '+14155550174', contact: { externalId: 'c' } }, /^contact needs dataList/],
      [
        { to: '+14155550174', dataList: { externalId: 'crm-10', name: 'Y' }, contact: { phone: '12345' } },
        /^contact\.phone: "12345" is not a valid phone number$/,
      ],
      [
        { to: '+14155550174', dataList: { externalId: 'crm-11', name: 'Z' }, contact: { phone: '+14155550175' } },
        /is not the number dialled/,
      ],
      [{ to: '+14155550174', dataList: { name: 'No id' } }, /^dataList\.externalId must be text;/],
    ];
    for (const [body, message] of cases) {
      const response = await place(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.message).toMatch(message);
    }
    expect(await t.prisma.dataList.count()).toBe(before.lists + 1);
    expect(await t.prisma.contact.count()).toBe(before.contacts);
    expect(await t.prisma.callRecord.count()).toBe(before.calls);
  });
});
