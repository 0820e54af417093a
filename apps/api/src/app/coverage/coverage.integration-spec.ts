import { CoverageMissingItem, CoverageReport, CoverageRow, MANUAL_DIAL_LABEL } from '@callrec/contracts';
import { parse } from 'csv-parse/sync';
import { emulator, FaultSet } from '../../../test/emulator-control';
import { recreateDatabase } from '../../../test/global-setup';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { TEST_DATABASE_URL } from '../../../test/test-config';
import { ReconciliationService } from '../recordings/reconcile/reconciliation.service';
import { dayKey } from './coverage-window';

/*
 * Every kind of gap made through the emulator's faults with the real API, then counted by
 * /api/coverage exactly. A database of its own: the report counts every call in its range.
 *
 *   call        agent  list    what happens                                      counts as
 *   recorded    A      list    stored normally                                   recorded
 *   absent      B      manual  recordingAbsent: Twilio says absent (16101)       absent
 *   noCallback  A      manual  recording callbacks dropped, 2 h call (> lookback)  missing (NO_CALLBACK)
 *   failed      B      list    media 500s beyond DOWNLOAD_ATTEMPTS                failed
 *   deleted     A      list    stored, then deleted by an ADMIN                   recorded
 *   pending     B      list    completed callback dropped, 2 h call              missing (PENDING)
 *   short       B      manual  2 s < COVERAGE_MIN_SECONDS                         not answered
 *   busy        A      list    outcome busy                                      not answered
 */
describe('coverage: every kind of gap, counted exactly', () => {
  const MEDIA_500 = 'Twilio failed to serve the media (500)';
  const DROP_RECORDING: FaultSet = { dropCallbacks: ['recording:in-progress', 'recording:completed', 'recording:absent'] };
  let t: TestApp;
  let agentA: TestUser;
  let agentB: TestUser;
  let admin: TestUser;
  let supervisor: TestUser;
  let listId: string;
  const calls: Record<string, { id: string; sid: string }> = {};

  async function place(name: string, agent: TestUser, to: string, faults: FaultSet, dataListId?: string) {
    await emulator.setNumberFaults(to, faults);
    const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to, ...(dataListId ? { dataListId } : {}) } });
    expect(placed.status).toBe(201);
    calls[name] = { id: placed.body.id, sid: placed.body.twilioCallSid };
    return calls[name];
  }

  async function answerAndHangUp(call: { id: string; sid: string }, seconds: number) {
    await waitFor(
      'answered',
      async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: call.id } })).status === 'in_progress',
    );
    await emulator.hangup(call.sid, seconds);
    await waitFor(
      'completed',
      async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: call.id } })).status === 'completed',
    );
  }

  const recordingOf = (name: string) => t.prisma.recording.findFirst({ where: { callRecordId: calls[name].id } });

  async function recordingIn(name: string, status: string) {
    return waitFor(`${name}'s recording ${status}`, async () => {
      const row = await recordingOf(name);
      return row?.status === status && row;
    });
  }

  /** Waits until the emulator has logged the call's recording callback as dropped: it is never coming. */
  async function droppedRecordingCallback(name: string) {
    await waitFor(`${name}'s recording callback dropped`, async () =>
      (await emulator.callbacks(calls[name].sid)).some((c) => c.kind === 'recording' && c.event === 'completed' && 'dropped' in c),
    );
  }

  beforeAll(async () => {
    const databaseUrl = TEST_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_coverage');
    await recreateDatabase(databaseUrl);
    await emulator.reset();
    t = await startTestApp({
      DATABASE_URL: databaseUrl,
      DOWNLOAD_ATTEMPTS: '2',
      DOWNLOAD_BACKOFF_MS: '100',
      RECONCILE_LOOKBACK_HOURS: '1',
      COVERAGE_MIN_SECONDS: '5',
      COVERAGE_ALERT_BELOW: '0.99',
    });
    [agentA, agentB, admin, supervisor] = await Promise.all([
      createUser(t, 'AGENT', 'Alice Agent'),
      createUser(t, 'AGENT', 'Bob Agent'),
      createUser(t, 'ADMIN'),
      createUser(t, 'SUPERVISOR'),
    ]);
    listId = (await t.prisma.dataList.create({ data: { name: 'Coverage List' } })).id;

    await Promise.all([
      (async () => answerAndHangUp(await place('recorded', agentA, '+14155550701', {}, listId), 10))(),
      (async () => answerAndHangUp(await place('absent', agentB, '+14155550702', { recordingAbsent: true }), 10))(),
      (async () => answerAndHangUp(await place('noCallback', agentA, '+14155550703', DROP_RECORDING), 7200))(),
      (async () => answerAndHangUp(await place('failed', agentB, '+14155550704', { media500Count: 5 }, listId), 10))(),
      (async () => answerAndHangUp(await place('deleted', agentA, '+14155550705', {}, listId), 10))(),
      (async () =>
        answerAndHangUp(await place('pending', agentB, '+14155550706', { dropCallbacks: ['recording:completed'] }, listId), 7200))(),
      (async () => answerAndHangUp(await place('short', agentB, '+14155550707', {}), 2))(),
      (async () => place('busy', agentA, '+14155550708', { outcome: 'busy' }, listId))(),
    ]);
    await waitFor('busy', async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: calls['busy'].id } })).status === 'busy');
    await recordingIn('recorded', 'STORED');
    await recordingIn('short', 'STORED');
    expect(await recordingIn('absent', 'ABSENT')).toMatchObject({ errorCode: 16101 });
    expect(await recordingIn('failed', 'FAILED')).toMatchObject({ lastError: MEDIA_500, attempts: 2 });
    const toDelete = await recordingIn('deleted', 'STORED');
    const deletion = await api(t, `/api/recordings/${toDelete.id}`, {
      method: 'DELETE',
      token: admin.token,
      body: { reason: 'Customer asked' },
    });
    expect(deletion.status).toBe(200);
    expect(deletion.body.status).toBe('DELETED');
    await recordingIn('deleted', 'DELETED');
    await recordingIn('pending', 'PENDING');
    await droppedRecordingCallback('pending');
    await droppedRecordingCallback('noCallback');

    // Twilio holds the recording, but it started 2 h ago: beyond the 1 h lookback, reconciliation
    // cannot see it, and the call stays without a recording.
    const summary = await t.app.get(ReconciliationService).run();
    expect(summary.discovered).toBe(0);
    expect(await emulator.recordingsOf(calls['noCallback'].sid)).toHaveLength(1);
    expect(await recordingOf('noCallback')).toBeNull();
    expect((await recordingOf('pending'))?.status).toBe('PENDING');
  }, 100_000);

  afterAll(async () => {
    await t?.close();
  });

  const counts = (answered: number, recorded: number, missing: number, failed: number, absent: number) => ({
    answered,
    recorded,
    missing,
    failed,
    absent,
    coverage: answered === 0 ? 1 : recorded / answered,
  });

  async function report(query: string, token = supervisor.token): Promise<CoverageReport> {
    const response = await api(t, `/api/coverage?${query}`, { token });
    expect(response.status).toBe(200);
    return response.body;
  }

  it('counts by agent: lawful deletion is recorded, short and busy calls are not answered', async () => {
    const byAgent = await report('groupBy=agent');
    expect(byAgent).toMatchObject({ groupBy: 'agent', minSeconds: 5, alertBelow: 0.99 });
    expect(byAgent.rows).toEqual([
      { key: agentA.id, label: 'Alice Agent', ...counts(3, 2, 1, 0, 0) },
      { key: agentB.id, label: 'Bob Agent', ...counts(3, 0, 1, 1, 1) },
    ]);
    expect(byAgent.total).toEqual(counts(6, 2, 2, 1, 1));
  });

  it('counts by data list, Manual Dial under its own key, and filters', async () => {
    const byList = await report('groupBy=dataList');
    expect(byList.rows).toEqual([
      { key: 'manual', label: MANUAL_DIAL_LABEL, ...counts(2, 0, 1, 0, 1) },
      { key: listId, label: 'Coverage List', ...counts(4, 2, 1, 1, 0) },
    ]);
    expect((await report(`groupBy=dataList&manualDial=true`)).total).toEqual(counts(2, 0, 1, 0, 1));
    expect((await report(`groupBy=agent&dataListId=${listId}&agentId=${agentB.id}`)).rows).toEqual([
      { key: agentB.id, label: 'Bob Agent', ...counts(2, 0, 1, 1, 0) },
    ]);
  });

  it('counts by day: every day of the range in order, empty days as zeros, cut in the time zone', async () => {
    const placed = await t.prisma.callRecord.findMany({ where: { id: { in: answeredIds() } }, select: { placedAt: true } });
    for (const timeZone of ['UTC', 'Pacific/Kiritimati']) {
      const now = new Date();
      const from = dayKey(new Date(now.getTime() - 3 * 86_400_000), timeZone);
      const byDay = await report(`groupBy=day&from=${from}&timeZone=${timeZone}`);
      const days = byDay.rows.map((r) => r.key);
      expect(days[0]).toBe(from);
      expect(days[days.length - 1]).toBe(dayKey(now, timeZone));
      expect(days).toEqual([...days].sort());
      expect(new Set(days).size).toBe(days.length);
      expect(days.length).toBeGreaterThanOrEqual(4);
      const perDay = new Map<string, number>();
      for (const { placedAt } of placed) perDay.set(dayKey(placedAt, timeZone), (perDay.get(dayKey(placedAt, timeZone)) ?? 0) + 1);
      for (const row of byDay.rows) {
        expect(row.answered).toBe(perDay.get(row.key) ?? 0);
        if (row.answered === 0) expect(row).toEqual({ key: row.key, label: row.key, ...counts(0, 0, 0, 0, 0) });
      }
      expect(byDay.total).toEqual(counts(6, 2, 2, 1, 1));
    }
  });

  function answeredIds() {
    return ['recorded', 'absent', 'noCallback', 'failed', 'deleted', 'pending'].map((name) => calls[name].id);
  }

  async function missing(query: string): Promise<{ items: CoverageMissingItem[]; total: number; page: number; pageSize: number }> {
    const response = await api(t, `/api/coverage/missing?${query}`, { token: supervisor.token });
    expect(response.status).toBe(200);
    return response.body;
  }

  it('lists each missing call with its reason and a sentence, newest first, with filters and an exact total', async () => {
    const all = await missing('');
    expect(all.total).toBe(4);
    expect(all.items.map((i) => i.placedAt)).toEqual(
      all.items
        .map((i) => i.placedAt)
        .sort()
        .reverse(),
    );
    const byCall = Object.fromEntries(all.items.map((item) => [item.callRecordId, item]));
    const [absent, failed] = [await recordingOf('absent'), await recordingOf('failed')];
    expect(byCall[calls['noCallback'].id]).toMatchObject({
      reason: 'NO_CALLBACK',
      twilioCallSid: calls['noCallback'].sid,
      toNumber: '+14155550703',
      durationSeconds: 7200,
      agent: { id: agentA.id, name: 'Alice Agent' },
      dataListLabel: MANUAL_DIAL_LABEL,
      recordingId: null,
      detail: "Twilio's recording callback never came and reconciliation has not found a recording of this call",
    });
    expect(byCall[calls['absent'].id]).toMatchObject({
      reason: 'ABSENT',
      errorCode: 16101,
      recordingId: absent!.id,
      twilioRecordingSid: absent!.twilioRecordingSid,
      detail: 'Twilio reported the recording absent (ErrorCode 16101)',
    });
    expect(byCall[calls['failed'].id]).toMatchObject({
      reason: 'FAILED',
      lastError: MEDIA_500,
      dataListLabel: 'Coverage List',
      detail: `Downloading ${failed!.twilioRecordingSid} failed after 2 download attempts: ${MEDIA_500}`,
    });
    expect(byCall[calls['pending'].id]).toMatchObject({
      reason: 'PENDING',
      detail: expect.stringMatching(/^RE\w+ is known and waiting to be downloaded/),
    });

    expect((await missing('reason=ABSENT')).items.map((i) => i.callRecordId)).toEqual([calls['absent'].id]);
    expect((await missing('reason=NO_CALLBACK')).total).toBe(1);
    expect((await missing(`agentId=${agentA.id}`)).items.map((i) => i.callRecordId)).toEqual([calls['noCallback'].id]);
    expect((await missing('manualDial=true')).total).toBe(2);
    expect((await missing(`dataListId=${listId}&reason=FAILED`)).items.map((i) => i.callRecordId)).toEqual([calls['failed'].id]);
    const day = dayKey(new Date(byCall[calls['absent'].id].placedAt), 'UTC');
    const ofDay = all.items.filter((i) => dayKey(new Date(i.placedAt), 'UTC') === day).length;
    expect((await missing(`day=${day}`)).total).toBe(ofDay);
    expect((await missing('day=2001-01-01')).total).toBe(0);
    const second = await missing('pageSize=1&page=2');
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 1 });
    expect(second.items.map((i) => i.callRecordId)).toEqual([all.items[1].callRecordId]);
  });

  it('gives both CSVs with the same numbers, and audits the missing list (it holds phone numbers)', async () => {
    const csv = async (path: string) => {
      const response = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${supervisor.token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      return parse(await response.text(), { columns: true }) as Record<string, string>[];
    };
    const json = await report('groupBy=agent');
    const rows = await csv('/api/coverage.csv?groupBy=agent');
    const asRow = (r: Record<string, string>) => ({
      key: r['Key'],
      label: r['Label'],
      answered: Number(r['Answered']),
      recorded: Number(r['Recorded']),
      missing: Number(r['Missing']),
      failed: Number(r['Failed']),
      absent: Number(r['Absent']),
      coverage: Number(r['Coverage']),
    });
    // The CSV writes coverage with six decimals.
    const six = (row: Omit<CoverageRow, 'key' | 'label'>) => ({ ...row, coverage: Number(row.coverage.toFixed(6)) });
    expect(rows.map(asRow)).toEqual([...json.rows, { key: 'total', label: 'Total', ...json.total }].map(six));

    const before = new Date();
    const gaps = await csv('/api/coverage/missing.csv');
    expect(gaps.map((g) => g['Reason']).sort()).toEqual(['ABSENT', 'FAILED', 'NO_CALLBACK', 'PENDING']);
    const absentRow = gaps.find((g) => g['Reason'] === 'ABSENT')!;
    expect(absentRow).toMatchObject({
      'To number': "'+14155550702",
      Agent: 'Bob Agent',
      'Data list': MANUAL_DIAL_LABEL,
      'Error code': '16101',
      Detail: 'Twilio reported the recording absent (ErrorCode 16101)',
    });
    const events = await t.prisma.auditEvent.findMany({
      where: { action: 'CALL_RECORDS_EXPORTED', actorId: supervisor.id, at: { gte: before } },
    });
    expect(events).toHaveLength(1);
    expect(events[0].details).toMatchObject({ export: 'coverage-missing', rows: 4, filters: { timeZone: 'UTC' } });
    expect((await csv('/api/coverage/missing.csv?reason=FAILED')).map((g) => g['Call record ID'])).toEqual([calls['failed'].id]);
  });

  it('lets SUPERVISOR and COMPLIANCE read, refuses AGENT, and answers bad input with 400 and a message', async () => {
    const compliance = await createUser(t, 'COMPLIANCE');
    for (const path of ['/api/coverage', '/api/coverage/missing', '/api/coverage.csv', '/api/coverage/missing.csv']) {
      expect((await api(t, path, { token: compliance.token })).status).toBe(200);
      expect((await api(t, path, { token: agentA.token })).status).toBe(403);
      expect((await api(t, path)).status).toBe(401);
    }
    const bad = async (path: string, message: RegExp) => {
      const response = await api(t, path, { token: supervisor.token });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(message);
    };
    await bad('/api/coverage?from=2026-11-10&to=2026-11-01', /^from \(.+\) must be before to \(.+\)$/);
    await bad('/api/coverage?groupBy=week', /groupBy must be one of day, agent, dataList/);
    await bad('/api/coverage?timeZone=Mars/Olympus_Mons', /timeZone must be an IANA time zone name/);
    await bad('/api/coverage?timeZone=%2B03:00', /timeZone must be an IANA time zone name/);
    await bad('/api/coverage?from=2024-01-01&to=2025-06-01', /spans 518 days; at most 366 are allowed/);
    await bad('/api/coverage.csv?from=2024-01-01&to=2025-06-01', /at most 366 are allowed/);
    await bad('/api/coverage/missing?pageSize=500', /pageSize must be a whole number from 1 to 200/);
    await bad('/api/coverage/missing?reason=LOST', /reason must be one of NO_CALLBACK, PENDING, ABSENT, FAILED/);
    await bad('/api/coverage/missing.csv?day=2026-02-30', /day must be a date written YYYY-MM-DD/);
    await bad(`/api/coverage?manualDial=true&dataListId=${listId}`, /cannot be combined with dataListId/);
  });

  it('shows the last week in /api/metrics once the calls have settled, with the alert under COVERAGE_ALERT_BELOW', async () => {
    const metrics = async () => {
      const response = await api(t, '/api/metrics', { token: admin.token });
      expect(response.status).toBe(200);
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(response.body)?.[1]);
      return {
        ratio: value('callrec_coverage_ratio'),
        answered: value('callrec_coverage_answered'),
        unrecorded: value('callrec_coverage_unrecorded'),
        alert: value('callrec_coverage_alert'),
      };
    };
    // Every call ended moments ago: their recordings may still be in flight, so none is counted yet.
    expect(await metrics()).toEqual({ ratio: 1, answered: 0, unrecorded: 0, alert: 0 });
    // An hour passes (the calls are moved back rather than the clock forward).
    await t.prisma.$executeRaw`UPDATE "CallRecord" SET "placedAt" = "placedAt" - interval '1 hour',
      "answeredAt" = "answeredAt" - interval '1 hour', "endedAt" = "endedAt" - interval '1 hour'`;
    const settled = await waitFor('the metrics to count the settled calls', async () => {
      const m = await metrics();
      return m.answered > 0 && m;
    });
    expect(settled).toEqual({ ratio: 2 / 6, answered: 6, unrecorded: 4, alert: 1 });
  });
});
