import { recreateDatabase } from '../../../test/global-setup';
import { TEST_DATABASE_URL } from '../../../test/test-config';
import { api, login, startTestApp, TestApp } from '../../../test/test-app';
import { seedBaseData } from '../../cli/seed';
import { DEMO_USERS } from '../../cli/demo-data';
import { AuditWriter } from '../audit/audit.writer';
import { PasswordService } from '../auth/password.service';
import { UsersService } from './users.service';

const ADMIN_EMAIL = 'first.admin@test.example';
const ADMIN_PASSWORD = 'first-admin-password-1';

/** Accounts made without an ADMIN (the first-admin bootstrap, the demo seed) are audited too. */
describe('user creation outside the users API is audited (real PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A database of its own: the bootstrap acts only where no ADMIN exists yet.
    const databaseUrl = TEST_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_bootstrap');
    await recreateDatabase(databaseUrl);
    t = await startTestApp({ DATABASE_URL: databaseUrl, ADMIN_EMAIL, ADMIN_PASSWORD });
  });
  afterAll(() => t.close());

  it('the first-admin bootstrap writes USER_CREATED with no actor, once', async () => {
    const users = t.app.get(UsersService);
    await expect(users.ensureFirstAdmin()).resolves.toMatchObject({ created: true, email: ADMIN_EMAIL });
    await expect(users.ensureFirstAdmin()).resolves.toMatchObject({ created: false });

    const admin = await t.prisma.user.findUniqueOrThrow({ where: { email: ADMIN_EMAIL } });
    const events = await t.prisma.auditEvent.findMany({ where: { action: 'USER_CREATED' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: null, details: { userId: admin.id, email: ADMIN_EMAIL, role: 'ADMIN', via: 'bootstrap' } });
    await expect(login(t, ADMIN_EMAIL, ADMIN_PASSWORD)).resolves.toEqual(expect.any(String));
  });

  it('the demo seed writes USER_CREATED for each account it creates, and none when run again', async () => {
    const seed = () => seedBaseData(t.prisma, t.app.get(PasswordService), t.app.get(AuditWriter));
    const first = await seed();
    expect(first.createdUsers).toHaveLength(DEMO_USERS.length);
    const second = await seed();
    expect(second.createdUsers).toHaveLength(0);

    const events = await t.prisma.auditEvent.findMany({ where: { action: 'USER_CREATED', details: { path: ['via'], equals: 'seed' } } });
    expect(events.map((event) => (event.details as { email: string }).email).sort()).toEqual(DEMO_USERS.map((user) => user.email).sort());
    expect(events.every((event) => event.actorId === null)).toBe(true);
    const verify = await api(t, '/api/audit-events/verify', { token: await login(t, ADMIN_EMAIL, ADMIN_PASSWORD) });
    expect(verify.body.ok).toBe(true);
  });

  it('a bootstrap that promotes an existing account of ADMIN_EMAIL ends its sessions and audits the change', async () => {
    // No ADMIN left (a fixture shortcut: the API never lets the last one go).
    await t.prisma.user.update({ where: { email: ADMIN_EMAIL }, data: { role: 'COMPLIANCE' } });
    const token = await login(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await api(t, '/api/auth/me', { token })).status).toBe(200);

    await expect(t.app.get(UsersService).ensureFirstAdmin()).resolves.toMatchObject({ created: true });

    expect((await api(t, '/api/auth/me', { token })).status).toBe(401);
    const admin = await t.prisma.user.findUniqueOrThrow({ where: { email: ADMIN_EMAIL } });
    expect(admin.role).toBe('ADMIN');
    const revoked = await t.prisma.auditEvent.findFirst({ where: { action: 'SESSIONS_REVOKED' }, orderBy: { seq: 'desc' } });
    expect(revoked).toMatchObject({ actorId: null, details: { userId: admin.id, reason: 'password reset, role changed' } });
    expect((revoked?.details as { count: number }).count).toBeGreaterThanOrEqual(1);
    const updated = await t.prisma.auditEvent.findFirst({ where: { action: 'USER_UPDATED' }, orderBy: { seq: 'desc' } });
    expect(updated?.details).toMatchObject({ userId: admin.id, after: { role: 'ADMIN' }, via: 'bootstrap' });
  });
});
