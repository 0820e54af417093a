import { createHash } from 'node:crypto';
import { seedStoredRecordings } from '../../../test/recording-fixtures';
import { api, createApiKey, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';

const INVALID = 'This API key is not valid or has been revoked';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/**
 * API keys for machines (design 9.10): issued once by an ADMIN, kept only as a hash, admitted
 * by role, refused at once everywhere when revoked, and every use audited as the key.
 */
describe('API keys', () => {
  let t: TestApp;
  let replica: TestApp;
  let admin: TestUser;
  let compliance: TestUser;
  let agent: TestUser;

  beforeAll(async () => {
    [t, replica] = await Promise.all([startTestApp({ APP_ROLE: 'api' }), startTestApp({ APP_ROLE: 'api' })]);
    admin = await createUser(t, 'ADMIN', 'Ada Admin');
    compliance = await createUser(t, 'COMPLIANCE');
    agent = await createUser(t, 'AGENT', 'Alice Agent');
  });
  afterAll(() => Promise.all([t.close(), replica.close()]));

  const eventsOf = (apiKeyId: string, action: string) =>
    t.prisma.auditEvent.findMany({ where: { apiKeyId, action: action as never }, orderBy: { seq: 'asc' } });

  it('shows the key once, stores only its hash, lists it without the key, and refuses it on every replica once revoked', async () => {
    const created = await api(t, '/api/api-keys', {
      method: 'POST',
      token: admin.token,
      body: { name: 'Reporting export', role: 'READER' },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['id', 'key']);
    const { id, key } = created.body as { id: string; key: string };
    expect(key).toMatch(/^crk_[A-Za-z0-9_-]{43}$/);

    const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(row.prefix).toBe(key.slice(0, 12));
    expect(row).toMatchObject({ name: 'Reporting export', role: 'READER', createdById: admin.id, revokedAt: null, lastUsedAt: null });
    expect(JSON.stringify(row)).not.toContain(key.slice(12));

    const listed = await api(t, '/api/api-keys', { token: admin.token });
    expect(listed.status).toBe(200);
    const entry = (listed.body as Record<string, unknown>[]).find((k) => k['id'] === id);
    expect(entry).toEqual({
      id,
      name: 'Reporting export',
      role: 'READER',
      prefix: key.slice(0, 12),
      createdAt: row.createdAt.toISOString(),
      createdBy: 'Ada Admin',
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(12));
    expect(JSON.stringify(listed.body)).not.toContain(row.keyHash);

    // In use on both replicas; the first use is noted (at most once a minute).
    expect((await api(t, '/api/call-records', { token: key })).status).toBe(200);
    expect((await api(replica, '/api/call-records', { token: key })).status).toBe(200);
    await waitFor('lastUsedAt to be noted', async () => (await t.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt !== null);

    const revoked = await api(t, `/api/api-keys/${id}`, { method: 'DELETE', token: admin.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id, revokedAt: expect.any(String) });
    for (const instance of [t, replica]) {
      const refused = await api(instance, '/api/call-records', { token: key });
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: INVALID });
    }
    expect(await t.prisma.apiKey.findUniqueOrThrow({ where: { id } })).toMatchObject({
      revokedById: admin.id,
      revokedAt: expect.any(Date),
    });

    // Revoking again changes nothing and is not audited twice; an unknown key is a 404.
    const again = await api(t, `/api/api-keys/${id}`, { method: 'DELETE', token: admin.token });
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const revocations = await t.prisma.auditEvent.findMany({
      where: { action: 'API_KEY_REVOKED', details: { path: ['apiKeyId'], equals: id } },
    });
    expect(revocations).toHaveLength(1);
    expect(revocations[0]).toMatchObject({ actorId: admin.id, apiKeyId: null });
    expect(revocations[0].details).toEqual({ apiKeyId: id, name: 'Reporting export', role: 'READER', prefix: key.slice(0, 12) });
    const unknown = await api(t, `/api/api-keys/${NO_SUCH_ID}`, { method: 'DELETE', token: admin.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe(`API key ${NO_SUCH_ID} not found`);

    // The audit log names the key by its prefix only.
    const creation = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'API_KEY_CREATED', details: { path: ['apiKeyId'], equals: id } },
    });
    expect(creation).toMatchObject({ actorId: admin.id, apiKeyId: null });
    expect(creation.details).toEqual({ apiKeyId: id, name: 'Reporting export', role: 'READER', prefix: key.slice(0, 12) });
    const leaks = await t.prisma.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM "AuditEvent" WHERE details::text LIKE ${`%${key.slice(12)}%`}`;
    expect(Number(leaks[0].n)).toBe(0);
  });

  it('refuses unknown and malformed keys with the same answer, and keys on routes that are not theirs', async () => {
    for (const bogus of [`crk_${'A'.repeat(43)}`, 'crk_short', `crk_${'A'.repeat(43)}x`]) {
      const refused = await api(t, '/api/call-records', { token: bogus });
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe(INVALID);
    }
    const reader = await createApiKey(t, admin.token, 'READER');
    const keys = await api(t, '/api/api-keys', { token: reader.key });
    expect(keys.status).toBe(403);
    expect(keys.body.message).toBe('API keys cannot use this route; it is for people signed in as ADMIN (this key has the role READER)');
  });

  it('validates the request with domain messages, and only an ADMIN issues keys', async () => {
    const cases: [unknown, string][] = [
      [{ name: '   ', role: 'READER' }, 'name must not be blank'],
      [{ name: 'x'.repeat(101), role: 'READER' }, 'name must be at most 100 characters'],
      [{ name: 'Dialer', role: 'ADMIN' }, 'role must be one of DIALER, READER'],
      [{ name: 'Dialer' }, 'role must be one of DIALER, READER'],
    ];
    for (const [body, message] of cases) {
      const refused = await api(t, '/api/api-keys', { method: 'POST', token: admin.token, body });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body.message)).toContain(message);
    }
    expect((await api(t, '/api/api-keys', { method: 'POST', token: compliance.token, body: { name: 'x', role: 'READER' } })).status).toBe(
      403,
    );
    expect((await api(t, '/api/api-keys', { token: compliance.token })).status).toBe(403);
    expect((await api(t, '/api/api-keys', { method: 'POST', body: { name: 'x', role: 'READER' } })).status).toBe(401);
  });

  it('audits every use as the key (actor null), alongside the route own events, and the chain verifies', async () => {
    const reader = await createApiKey(t, admin.token, 'READER');
    const [recording] = await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 1 }]);

    const metadata = await api(t, `/api/recordings/${recording.id}/metadata`, {
      token: reader.key,
      headers: { 'user-agent': 'crm-sync/1.0' },
    });
    expect(metadata.status).toBe(200);
    expect(metadata.body.id).toBe(recording.id);
    const missing = await api(t, `/api/call-records/${NO_SUCH_ID}`, { token: reader.key });
    expect(missing.status).toBe(404);

    const viewed = await eventsOf(reader.id, 'RECORDING_METADATA_VIEWED');
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({ actorId: null, apiKeyId: reader.id, recordingId: recording.id, userAgent: 'crm-sync/1.0' });
    const uses = await eventsOf(reader.id, 'API_KEY_USED');
    expect(uses.map((use) => ({ actorId: use.actorId, details: use.details }))).toEqual([
      {
        actorId: null,
        details: {
          method: 'GET',
          route: '/api/recordings/:id/metadata',
          path: `/api/recordings/${recording.id}/metadata`,
          statusCode: 200,
        },
      },
      {
        actorId: null,
        details: { method: 'GET', route: '/api/call-records/:id', path: `/api/call-records/${NO_SUCH_ID}`, statusCode: 404 },
      },
    ]);
    // The domain event is written before the use is.
    expect(uses[0].seq).toBeGreaterThan(viewed[0].seq);

    const verified = await api(t, '/api/audit-events/verify', { token: compliance.token });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('never lets a READER near audio, sessions or administration, and audits each refusal as the key', async () => {
    const reader = await createApiKey(t, admin.token, 'READER');
    const [recording] = await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 1 }]);
    const refusedRoutes: [string, string][] = [
      ['GET', `/api/recordings/${recording.id}/stream`],
      ['GET', `/api/recordings/${recording.id}/download`],
      ['GET', `/api/recordings/${recording.id}/peaks`],
      ['POST', `/api/recordings/${recording.id}/media-token`],
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['GET', '/api/audit-events'],
      ['GET', '/api/legal-holds'],
      ['GET', '/api/retention-policies'],
      ['GET', '/api/recordings/pipeline'],
      ['GET', '/api/health/ready'],
      ['POST', '/api/events/ticket'],
      ['POST', '/api/calls'],
      ['GET', '/api/auth/me'],
    ];
    for (const [method, path] of refusedRoutes) {
      const refused = await api(t, path, { method, token: reader.key, body: method === 'POST' ? {} : undefined });
      expect(`${method} ${path} → ${refused.status}`).toBe(`${method} ${path} → 403`);
    }
    const denials = await eventsOf(reader.id, 'ACCESS_DENIED');
    expect(denials).toHaveLength(refusedRoutes.length);
    expect(denials.every((denial) => denial.actorId === null)).toBe(true);
    expect(denials.filter((denial) => denial.recordingId === recording.id)).toHaveLength(4);
    // Refused by the guard, the request never reached the route: no API_KEY_USED.
    expect(await eventsOf(reader.id, 'API_KEY_USED')).toEqual([]);

    // A key opens no session: it cannot sign out, nor take a ticket or media token (above).
    const logout = await api(t, '/api/auth/logout', { method: 'POST', token: reader.key });
    expect(logout.status).toBe(403);
    expect(logout.body.message).toMatch(
      /^API keys cannot use this route; it is for people signed in as ADMIN, COMPLIANCE, SUPERVISOR or AGENT/,
    );

    // What it may read, it reads.
    for (const path of ['/api/call-records', `/api/call-records/${recording.callId}`, '/api/data-lists', '/api/agents']) {
      expect(`${path} → ${(await api(t, path, { token: reader.key })).status}`).toBe(`${path} → 200`);
    }
  });

  it('withholds a read it cannot audit (503), but answers a change already made', async () => {
    const reader = await createApiKey(t, admin.token, 'READER');
    const dialer = await createApiKey(t, admin.token, 'DIALER');
    const [recent] = await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 0 }]);
    // The audit table refuses this key's API_KEY_USED events, as a failing database would.
    await t.prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_refuse_key_use() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.action = 'API_KEY_USED' AND NEW."apiKeyId" IN ('${reader.id}', '${dialer.id}') THEN RAISE EXCEPTION 'audit unavailable'; END IF;
        RETURN NEW;
      END $$`);
    await t.prisma.$executeRawUnsafe(
      `CREATE TRIGGER test_refuse_key_use BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION test_refuse_key_use()`,
    );
    try {
      const read = await api(t, `/api/call-records/${recent.callId}`, { token: reader.key });
      expect(read.status).toBe(503);
      expect(read.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'This request could not be audited, so its answer is withheld; try again shortly',
      });
      expect(JSON.stringify(read.body)).not.toContain(recent.toNumber);

      const change = await api(t, `/api/calls/${recent.callId}/outcome`, {
        method: 'PATCH',
        token: dialer.key,
        body: { outcome: 'CALLBACK' },
      });
      expect(change.status).toBe(200);
      expect(change.body.outcome).toBe('CALLBACK');
      expect(await t.prisma.auditEvent.count({ where: { apiKeyId: dialer.id, action: 'CALL_OUTCOME_CHANGED' } })).toBe(1);
    } finally {
      await t.prisma.$executeRawUnsafe(`DROP TRIGGER test_refuse_key_use ON "AuditEvent"`);
      await t.prisma.$executeRawUnsafe(`DROP FUNCTION test_refuse_key_use()`);
    }
    expect(await t.prisma.auditEvent.count({ where: { apiKeyId: { in: [reader.id, dialer.id] }, action: 'API_KEY_USED' } })).toBe(0);
  });

  it('counts a revoked key on a media route as a refusal without a valid token', async () => {
    const reader = await createApiKey(t, admin.token, 'READER');
    await api(t, `/api/api-keys/${reader.id}`, { method: 'DELETE', token: admin.token });
    const refused = await api(t, `/api/recordings/${NO_SUCH_ID}/stream`, { token: reader.key });
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe(INVALID);
    expect(await t.prisma.auditEvent.count({ where: { apiKeyId: reader.id, action: 'ACCESS_DENIED' } })).toBe(0);
  });
});
