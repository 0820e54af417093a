import { api, createUser, login, startTestApp, TestApp, TestUser } from '../../../test/test-app';

describe('user management (ADMIN only)', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN', 'Ada Admin');
  });
  afterAll(() => t.close());

  it('creates a user who can then sign in, storing an argon2 hash and an audit event', async () => {
    const created = await api(t, '/api/users', {
      method: 'POST',
      token: admin.token,
      body: { email: 'Carla.Compliance@Test.example', name: 'Carla', role: 'COMPLIANCE', password: 'a-long-password-1' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'carla.compliance@test.example', role: 'COMPLIANCE', active: true });
    expect(created.body).not.toHaveProperty('passwordHash');
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    await expect(login(t, 'carla.compliance@test.example', 'a-long-password-1')).resolves.toEqual(expect.any(String));
    const audit = await t.prisma.auditEvent.findFirst({ where: { action: 'USER_CREATED', actorId: admin.id } });
    expect(audit?.details).toMatchObject({ userId: created.body.id, role: 'COMPLIANCE' });
  });

  it('refuses a duplicate email, a short password and an unknown role with clear messages', async () => {
    const body = { email: admin.email, name: 'Dup', role: 'AGENT', password: 'a-long-password-2' };
    const duplicate = await api(t, '/api/users', { method: 'POST', token: admin.token, body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.message).toBe(`A user with the email ${admin.email} already exists`);
    const short = await api(t, '/api/users', {
      method: 'POST',
      token: admin.token,
      body: { ...body, email: 'x@test.example', password: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.message).toBe('password must be at least 12 characters');
    const role = await api(t, '/api/users', {
      method: 'POST',
      token: admin.token,
      body: { ...body, email: 'y@test.example', role: 'ROOT' },
    });
    expect(role.status).toBe(400);
    expect(role.body.message).toBe('role must be one of ADMIN, COMPLIANCE, SUPERVISOR, AGENT');
    expect(await t.prisma.user.count({ where: { email: { in: ['x@test.example', 'y@test.example'] } } })).toBe(0);
  });

  it('changes a role and records before and after', async () => {
    const agent = await createUser(t, 'AGENT');
    const response = await api(t, `/api/users/${agent.id}`, { method: 'PATCH', token: admin.token, body: { role: 'SUPERVISOR' } });
    expect(response.status).toBe(200);
    expect(response.body.role).toBe('SUPERVISOR');
    const audit = await t.prisma.auditEvent.findFirst({ where: { action: 'USER_UPDATED' }, orderBy: { seq: 'desc' } });
    expect(audit?.details).toMatchObject({ before: { role: 'AGENT' }, after: { role: 'SUPERVISOR' } });
  });

  it('will not let an ADMIN lock themselves out', async () => {
    for (const body of [{ active: false }, { role: 'COMPLIANCE' }]) {
      const response = await api(t, `/api/users/${admin.id}`, { method: 'PATCH', token: admin.token, body });
      expect(response.status).toBe(409);
      expect(response.body.message).toBe('You cannot change your own role or deactivate yourself; ask another ADMIN');
    }
    const rename = await api(t, `/api/users/${admin.id}`, { method: 'PATCH', token: admin.token, body: { name: '  Ada A.  ' } });
    expect(rename.body.name).toBe('Ada A.');
    const blank = await api(t, `/api/users/${admin.id}`, { method: 'PATCH', token: admin.token, body: { name: '   ' } });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toBe('name must not be blank');
  });

  it('answers 404 for an unknown user', async () => {
    const response = await api(t, '/api/users/00000000-0000-4000-8000-000000000000', {
      method: 'PATCH',
      token: admin.token,
      body: { name: 'x' },
    });
    expect(response.status).toBe(404);
  });

  it('lists agents and data lists to any signed-in role', async () => {
    const agent = await createUser(t, 'AGENT', 'Zed Agent');
    await t.prisma.dataList.create({ data: { name: `List ${agent.id.slice(0, 6)}` } });
    const agents = await api(t, '/api/agents', { token: agent.token });
    expect(agents.status).toBe(200);
    expect(agents.body).toEqual(expect.arrayContaining([{ id: agent.id, name: 'Zed Agent' }]));
    const lists = await api(t, '/api/data-lists', { token: agent.token });
    expect(lists.status).toBe(200);
    expect(lists.body.length).toBeGreaterThan(0);
  });
});
