import { recreateDatabase } from '../global-setup';
import { seedStoredRecordings } from '../recording-fixtures';
import { TEST_DATABASE_URL } from '../test-config';
import { api, createUser, login, startTestApp, TestApp, TestUser } from '../test-app';

// Each race is run several times: one interleaving may happen to serialise, ten in a row do not.
const ROUNDS = 10;

describe('concurrent requests that must not both succeed', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A database of its own: "the last ADMIN" is counted over every user in it.
    const databaseUrl = TEST_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_races');
    await recreateDatabase(databaseUrl);
    // Roles are reset straight in the database between rounds: look the account up every time.
    // One download attempt: the retried recordings below do not exist at Twilio.
    t = await startTestApp({ DATABASE_URL: databaseUrl, ACCOUNT_CACHE_SECONDS: '0', DOWNLOAD_ATTEMPTS: '1' });
  });
  afterAll(() => t.close());

  it('two ADMINs demoting each other at once leave one ADMIN, never none', async () => {
    const first = await createUser(t, 'ADMIN', 'First');
    const second = await createUser(t, 'ADMIN', 'Second');
    for (let round = 0; round < ROUNDS; round += 1) {
      await t.prisma.user.updateMany({ where: { role: 'ADMIN' }, data: { active: false } });
      await t.prisma.user.updateMany({ where: { id: { in: [first.id, second.id] } }, data: { role: 'ADMIN', active: true } });
      // A demotion ends the demoted ADMIN's sessions: both sign in afresh every round.
      // Both signed in before the race: a sign-in overlapping a role change of its account is
      // refused by design (the change wins), which is not the race under test here.
      const tokens = new Map<string, string>();
      for (const admin of [first, second]) tokens.set(admin.id, await login(t, admin.email, admin.password));
      const before = await t.prisma.auditEvent.count({ where: { action: 'USER_UPDATED' } });
      const demote = async (actor: TestUser, target: TestUser) =>
        api(t, `/api/users/${target.id}`, { method: 'PATCH', token: await tokens.get(actor.id), body: { role: 'COMPLIANCE' } });
      const answers = await Promise.all([demote(first, second), demote(second, first)]);

      // The loser is refused under the lock (409), or, when the winner's demotion ended its
      // session before its request got in, as signed out (401). Never both 200.
      const statuses = answers.map((a) => a.status).sort();
      expect([
        [200, 409],
        [200, 401],
      ]).toContainEqual(statuses);
      const loser = answers.find((a) => a.status !== 200)!;
      expect(loser.body.message).toBe(
        loser.status === 409
          ? 'This is the last active ADMIN; make another user ADMIN first'
          : 'This session has ended (role changed); sign in again',
      );
      expect(await t.prisma.user.count({ where: { role: 'ADMIN', active: true } })).toBe(1);
      expect(await t.prisma.auditEvent.count({ where: { action: 'USER_UPDATED' } })).toBe(before + 1);
    }
  });

  it('a hold released twice at once is released once, with one audit event', async () => {
    const compliance = await createUser(t, 'COMPLIANCE');
    const other = await createUser(t, 'COMPLIANCE');
    for (let round = 0; round < ROUNDS; round += 1) {
      const hold = await api(t, '/api/legal-holds', {
        method: 'POST',
        token: compliance.token,
        body: { name: `Race ${round}`, reason: 'Counsel asked', criteria: { phone: '+14155550999' } },
      });
      expect(hold.status).toBe(201);
      const release = (user: TestUser) =>
        api(t, `/api/legal-holds/${hold.body.id}/release`, { method: 'POST', token: user.token, body: { reason: 'Case closed' } });
      const answers = await Promise.all([release(compliance), release(other)]);

      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)?.body.message).toMatch(`Legal hold 'Race ${round}' was released`);
      const events = await t.prisma.auditEvent.findMany({ where: { action: 'HOLD_RELEASED' } });
      expect(events.filter((e) => (e.details as { holdId: string }).holdId === hold.body.id)).toHaveLength(1);
    }
  });

  it('a failed download retried twice at once is retried once, with one audit event', async () => {
    const admins = [await createUser(t, 'ADMIN'), await createUser(t, 'ADMIN')];
    const agent = await createUser(t, 'AGENT');
    for (let round = 0; round < ROUNDS; round += 1) {
      const [seeded] = await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 1 }]);
      await t.prisma.recording.update({
        where: { id: seeded.id },
        data: { status: 'FAILED', lastError: 'Twilio failed to serve the media (500)' },
      });
      const answers = await Promise.all(
        admins.map((admin) => api(t, `/api/recordings/${seeded.id}/retry`, { method: 'POST', token: admin.token })),
      );

      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(await t.prisma.auditEvent.count({ where: { action: 'RECORDING_RETRIED', recordingId: seeded.id } })).toBe(1);
    }
  });
});
