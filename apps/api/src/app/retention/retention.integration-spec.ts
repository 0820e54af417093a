import { CallOutcome, RetentionRunDto } from '@callrec/contracts';
import { asSuperuser } from '../../../test/audit-tamper';
import { recreateDatabase } from '../../../test/global-setup';
import { seedStoredRecordings, SeededRecording, storageMismatches } from '../../../test/recording-fixtures';
import { TEST_DATABASE_URL } from '../../../test/test-config';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';

const DAY_AGES = [10, 100, 200, 400, 800];
const OUTCOMES: (CallOutcome | null)[] = ['SALE', 'CALLBACK', null];

describe('retention: preview, sweep, legal holds and the audit chain (real PostgreSQL and storage)', () => {
  let t: TestApp;
  let admin: TestUser;
  let compliance: TestUser;
  let ann: string;
  let ben: string;
  let listOne: string;
  let listTwo: string;
  let recordings: SeededRecording[];
  const policyIds: string[] = [];

  beforeAll(async () => {
    // A database of its own: policies and previews see every recording, so no other suite's may be there.
    // Named after the tier's database, so runs against different TEST_DATABASE_URLs never share it.
    const databaseUrl = TEST_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_retention');
    await recreateDatabase(databaseUrl);
    t = await startTestApp({ DATABASE_URL: databaseUrl });
    admin = await createUser(t, 'ADMIN');
    compliance = await createUser(t, 'COMPLIANCE');
    ann = (await t.prisma.user.create({ data: { email: `ann-${Date.now()}@test.example`, name: 'Ann', role: 'AGENT', passwordHash: 'x' } }))
      .id;
    ben = (await t.prisma.user.create({ data: { email: `ben-${Date.now()}@test.example`, name: 'Ben', role: 'AGENT', passwordHash: 'x' } }))
      .id;
    listOne = (await t.prisma.dataList.create({ data: { name: `Retention L1 ${Date.now()}` } })).id;
    listTwo = (await t.prisma.dataList.create({ data: { name: `Retention L2 ${Date.now()}` } })).id;
    const specs = [listOne, listTwo, null].flatMap((dataListId) =>
      [ann, ben].flatMap((agentId) =>
        OUTCOMES.flatMap((outcome) => DAY_AGES.map((daysAgo) => ({ agentId, dataListId, outcome, daysAgo }))),
      ),
    );
    recordings = await seedStoredRecordings(t, specs);
  });
  afterAll(() => t.close());

  /** The policies of this test, and the rule the product must follow, written out independently. */
  const POLICIES = () => [
    { name: 'List one: a year', retainDays: 365, scope: { dataListId: listOne } },
    { name: 'Manual Dial: 120 days', retainDays: 120, scope: { manualDial: true as const } },
    { name: 'Sales: two years', retainDays: 730, scope: { outcome: 'SALE' as const } },
    { name: 'Ben: at the next sweep', retainDays: 0, scope: { agentId: ben } },
    { name: 'Disabled: a day', retainDays: 1, enabled: false, scope: {} },
  ];

  function decidingPolicy(r: SeededRecording): { name: string; retainDays: number } | null {
    const matching = POLICIES().filter(
      (p) =>
        p.enabled !== false &&
        (!('dataListId' in p.scope) || p.scope.dataListId === r.dataListId) &&
        (!('manualDial' in p.scope) || !r.dataListId) &&
        (!('outcome' in p.scope) || p.scope.outcome === r.outcome) &&
        (!('agentId' in p.scope) || p.scope.agentId === r.agentId),
    );
    return matching.sort((a, b) => b.retainDays - a.retainDays)[0] ?? null;
  }

  const expired = () =>
    recordings.filter((r) => {
      const policy = decidingPolicy(r);
      return policy !== null && r.daysAgo >= policy.retainDays;
    });

  it('lets only ADMIN manage policies, validates them, and audits every change with before and after', async () => {
    for (const policy of POLICIES()) {
      const created = await api(t, '/api/retention-policies', { method: 'POST', token: admin.token, body: policy });
      expect(created.status).toBe(201);
      policyIds.push(created.body.id);
    }
    expect((await api(t, '/api/retention-policies', { method: 'POST', token: compliance.token, body: POLICIES()[0] })).status).toBe(403);
    const bad = await api(t, '/api/retention-policies', {
      method: 'POST',
      token: admin.token,
      body: { name: 'x', retainDays: -1, scope: { manualDial: true, dataListId: listOne } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('retainDays must not be less than 0');
    const both = await api(t, '/api/retention-policies', {
      method: 'POST',
      token: admin.token,
      body: { name: 'x', retainDays: 5, scope: { manualDial: true, dataListId: listOne } },
    });
    expect(both.status).toBe(400);
    expect(both.body.message).toBe('A scope cannot be both a data list and Manual Dial only');

    const renamed = await api(t, `/api/retention-policies/${policyIds[0]}`, {
      method: 'PATCH',
      token: admin.token,
      body: { retainDays: 366 },
    });
    expect(renamed.body.retainDays).toBe(366);
    await api(t, `/api/retention-policies/${policyIds[0]}`, { method: 'PATCH', token: admin.token, body: { retainDays: 365 } });
    const change = await t.prisma.auditEvent.findFirst({ where: { action: 'POLICY_UPDATED' }, orderBy: { seq: 'desc' } });
    expect(change?.details).toMatchObject({ before: { retainDays: 366 }, after: { retainDays: 365 } });
  });

  let held: Set<string>;

  it('places legal holds by number, by agent and dates, and by recording, with a live covered count', async () => {
    const targets = expired();
    const byPhone = targets.find((r) => r.agentId === ann)!;
    const byId = targets.find((r) => r.agentId === ann && r.id !== byPhone.id)!;
    const from = new Date(Date.now() - 250 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() - 150 * 86_400_000).toISOString().slice(0, 10);

    const preview = await api(t, '/api/legal-holds/preview', {
      method: 'POST',
      token: compliance.token,
      body: { criteria: { agentId: ben, from, to } },
    });
    expect(preview.status).toBe(200);
    const benInRange = recordings.filter((r) => r.agentId === ben && r.daysAgo === 200);
    expect(preview.body.covered).toBe(benInRange.length);

    const holds = [
      { name: 'Case 42', reason: 'Complaint by the customer', criteria: { phone: byPhone.toNumber } },
      { name: 'Case 43', reason: 'Regulator request', criteria: { recordingIds: [byId.id] } },
      { name: 'Case 44', reason: 'Ben dispute', criteria: { agentId: ben, from, to } },
    ];
    for (const hold of holds) {
      const created = await api(t, '/api/legal-holds', { method: 'POST', token: compliance.token, body: hold });
      expect(created.status).toBe(201);
    }
    const released = await api(t, '/api/legal-holds', {
      method: 'POST',
      token: compliance.token,
      body: { name: 'Old case', reason: 'Closed', criteria: { agentId: ann } },
    });
    const release = await api(t, `/api/legal-holds/${released.body.id}/release`, {
      method: 'POST',
      token: compliance.token,
      body: { reason: 'Case closed' },
    });
    expect(release.body).toMatchObject({ releaseReason: 'Case closed', releasedBy: expect.any(String) });
    expect(
      (await api(t, `/api/legal-holds/${released.body.id}/release`, { method: 'POST', token: compliance.token, body: { reason: 'again' } }))
        .status,
    ).toBe(409);

    const empty = await api(t, '/api/legal-holds', {
      method: 'POST',
      token: compliance.token,
      body: { name: 'All', reason: 'x', criteria: {} },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/^A legal hold needs at least one criterion/);

    const list = await api(t, '/api/legal-holds', { token: compliance.token });
    expect(list.body.map((h: { name: string }) => h.name)).toEqual(expect.arrayContaining(['Case 42', 'Case 43', 'Case 44']));
    expect(list.body.find((h: { name: string }) => h.name === 'Case 44').coveredRecordings).toBe(benInRange.length);
    held = new Set([byPhone.id, byId.id, ...benInRange.map((r) => r.id)].filter((id) => recordings.some((r) => r.id === id)));
  });

  it('previews exactly what the sweep will delete, per deciding policy, and what holds spare', async () => {
    const toDelete = expired().filter((r) => !held.has(r.id));
    const preview = await api(t, '/api/retention/preview', { token: compliance.token });
    expect(preview.status).toBe(200);
    expect(preview.body.total).toBe(toDelete.length);
    expect(preview.body.bytes).toBe(toDelete.reduce((sum, r) => sum + r.sizeBytes, 0));
    const expectedByPolicy = new Map<string, number>();
    for (const r of toDelete) expectedByPolicy.set(decidingPolicy(r)!.name, (expectedByPolicy.get(decidingPolicy(r)!.name) ?? 0) + 1);
    expect(Object.fromEntries(preview.body.byPolicy.map((p: { name: string; count: number }) => [p.name, p.count]))).toEqual(
      Object.fromEntries(expectedByPolicy),
    );
    expect(preview.body.spared.held).toBe(expired().filter((r) => held.has(r.id)).length);
    expect(preview.body.spared.byHold.map((h: { name: string }) => h.name)).toEqual(expect.arrayContaining(['Case 44']));
  });

  it('deletes exactly that set, files and rows together, skips every held recording, and leaves tombstones', async () => {
    const toDelete = new Set(
      expired()
        .filter((r) => !held.has(r.id))
        .map((r) => r.id),
    );
    const started = await api(t, '/api/retention/run', { method: 'POST', token: admin.token });
    expect(started.status).toBe(202);
    const run: RetentionRunDto = await waitFor('the sweep to finish', async () => {
      const runs = await api(t, '/api/retention/runs', { token: compliance.token });
      return runs.body.find((r: RetentionRunDto) => r.trigger === 'manual' && r.finishedAt);
    });
    expect(run).toMatchObject({ deleted: toDelete.size, skippedHeld: expired().filter((r) => held.has(r.id)).length, error: null });
    expect(run.matched).toBe(expired().length);

    const rows = await t.prisma.recording.findMany({ where: { id: { in: recordings.map((r) => r.id) } } });
    const deleted = new Set(rows.filter((r) => r.status === 'DELETED').map((r) => r.id));
    expect(deleted).toEqual(toDelete);
    expect(rows.filter((r) => held.has(r.id)).every((r) => r.status === 'STORED')).toBe(true);
    expect(
      await storageMismatches(
        t,
        recordings.map((r) => r.id),
      ),
    ).toEqual([]);

    const sample = recordings.find((r) => toDelete.has(r.id))!;
    const tombstone = await t.prisma.auditEvent.findMany({ where: { recordingId: sample.id, action: 'RECORDING_DELETED' } });
    expect(tombstone).toHaveLength(1);
    expect(tombstone[0].details).toMatchObject({ sha256: sample.sha256, deletedBy: `retention:${decidingPolicy(sample)!.name}` });
    const metadata = await api(t, `/api/recordings/${sample.id}/metadata`, { token: compliance.token });
    expect(metadata.body).toMatchObject({
      status: 'DELETED',
      sha256: sample.sha256,
      deletedBy: `retention:${decidingPolicy(sample)!.name}`,
    });
    expect(metadata.body.deletedAt).not.toBeNull();
    expect((await api(t, `/api/recordings/${sample.id}/stream`, { token: compliance.token })).status).toBe(410);
    expect((await api(t, `/api/recordings/${sample.id}/download`, { token: compliance.token })).status).toBe(410);

    const heldOne = recordings.find((r) => held.has(r.id))!;
    expect((await api(t, `/api/recordings/${heldOne.id}/stream`, { token: compliance.token })).status).toBe(200);
    const again = await api(t, '/api/retention/preview', { token: compliance.token });
    expect(again.body.total).toBe(0);
  });

  it('answers 409 naming the hold when an ADMIN deletes a held recording, and deletes an unheld one', async () => {
    const heldOne = recordings.find((r) => held.has(r.id) && r.agentId === ben)!;
    const refused = await api(t, `/api/recordings/${heldOne.id}`, { method: 'DELETE', token: admin.token, body: { reason: 'cleanup' } });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/is under legal hold 'Case 44'$/);
    const free = recordings.find((r) => r.agentId === ann && r.daysAgo === 10)!;
    expect((await api(t, `/api/recordings/${free.id}`, { method: 'DELETE', token: compliance.token, body: { reason: 'x' } })).status).toBe(
      403,
    );
    const done = await api(t, `/api/recordings/${free.id}`, {
      method: 'DELETE',
      token: admin.token,
      body: { reason: 'Recorded by mistake' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'DELETED', deletedBy: `user:${admin.email}`, deletionReason: 'Recorded by mistake' });
    expect((await api(t, `/api/recordings/${free.id}`, { method: 'DELETE', token: admin.token, body: { reason: 'again' } })).status).toBe(
      410,
    );
  });

  it('erases a number: deletes what no hold covers and explains every recording it kept', async () => {
    // The recording Case 43 holds by id; Case 42 holds a whole number, so it would cover new calls too.
    const heldById = await t.prisma.legalHold.findFirstOrThrow({ where: { name: 'Case 43' } });
    const phone = recordings.find((r) => r.id === (heldById.criteria as { recordingIds: string[] }).recordingIds[0])!.toNumber;
    const extra = await seedStoredRecordings(t, [
      { agentId: ann, daysAgo: 1, toNumber: phone },
      { agentId: ann, daysAgo: 2, toNumber: phone },
    ]);
    const receipt = await api(t, '/api/erasure', { method: 'POST', token: compliance.token, body: { phone, reason: 'GDPR request 7' } });
    expect(receipt.status).toBe(200);
    expect(receipt.body.deleted.map((d: { recordingId: string }) => d.recordingId).sort()).toEqual(extra.map((r) => r.id).sort());
    expect(receipt.body.kept).toEqual([expect.objectContaining({ reason: "under legal hold 'Case 43'" })]);
    expect(
      await storageMismatches(
        t,
        extra.map((r) => r.id),
      ),
    ).toEqual([]);
    const bad = await api(t, '/api/erasure', { method: 'POST', token: compliance.token, body: { phone: '12345', reason: 'x' } });
    expect(bad.status).toBe(400);
  });

  it('keeps a verifiable audit chain, and reports a hand-edited row as the first broken link', async () => {
    const verified = await api(t, '/api/audit-events/verify', { token: compliance.token });
    expect(verified.body).toMatchObject({ ok: true });
    expect(verified.body.checked).toBe(await t.prisma.auditEvent.count());

    const victim = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'HOLD_CREATED' }, orderBy: { seq: 'asc' } });
    // The triggers refuse a plain UPDATE; a superuser can still go behind them.
    await asSuperuser(
      (client) => client.query(`UPDATE "AuditEvent" SET ip = '203.0.113.66' WHERE id = $1`, [victim.id]),
      t.config.databaseUrl,
    );
    try {
      const broken = await api(t, '/api/audit-events/verify', { token: compliance.token });
      expect(broken.body).toMatchObject({ ok: false, checked: victim.seq - 1, firstBrokenId: victim.id });
      expect(broken.body.problem).toBe(`Event ${victim.seq} no longer matches its hash: it was changed`);
    } finally {
      await asSuperuser(
        (client) => client.query(`UPDATE "AuditEvent" SET ip = $2 WHERE id = $1`, [victim.id, victim.ip]),
        t.config.databaseUrl,
      );
    }
    expect((await api(t, '/api/audit-events/verify', { token: compliance.token })).body.ok).toBe(true);

    const page = await api(t, `/api/audit-events?action=RECORDING_DELETED&pageSize=5`, { token: compliance.token });
    expect(page.body.items).toHaveLength(5);
    expect(page.body.total).toBeGreaterThanOrEqual(5);
    expect(page.body.items[0]).toMatchObject({ action: 'RECORDING_DELETED', prevHash: expect.any(String), hash: expect.any(String) });
    expect((await api(t, '/api/audit-events', { token: (await createUser(t, 'SUPERVISOR')).token })).status).toBe(403);
  });
});
