import { ExportDto } from '@callrec/contracts';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBundle, opensslVerify, requestExport, settled, sha256sumCheck } from '../../../test/export-bundles';
import { SeededRecording, seedStoredRecordings } from '../../../test/recording-fixtures';
import { deleteStoredObject, putStoredObject, storedBytes } from '../../../test/stored-objects';
import { asSuperuser, rewriteEventsBack, saveRows } from '../../../test/audit-tamper';
import { ExportJobsService } from '../../services/queues/export-jobs.service';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { ExportBuildRunner } from './export-build.runner';
import { ExportExpiryService } from './export-expiry.service';

/**
 * EXPORT_APPROVAL=two-person: nothing is built before a second COMPLIANCE or ADMIN user approves,
 * and the bundle's custody names them. Also what a build does when it cannot finish: a retry
 * starts over and leaves no partial file; altered audio fails the export naming the recording.
 */
describe('evidence export with two-person approval', () => {
  let t: TestApp;
  let requester: TestUser;
  let approver: TestUser;
  let admin: TestUser;
  let agent: TestUser;
  let exportDir: string;
  let recordings: SeededRecording[];

  beforeAll(async () => {
    exportDir = mkdtempSync(join(tmpdir(), 'callrec-exports-'));
    t = await startTestApp({ EXPORT_DIR: exportDir, EXPORT_APPROVAL: 'two-person' });
    requester = await createUser(t, 'COMPLIANCE', 'Riley Requester');
    approver = await createUser(t, 'COMPLIANCE', 'Avery Approver');
    admin = await createUser(t, 'ADMIN');
    agent = await createUser(t, 'AGENT');
    recordings = await seedStoredRecordings(t, [
      { agentId: agent.id, daysAgo: 1 },
      { agentId: agent.id, daysAgo: 2 },
      { agentId: agent.id, daysAgo: 3 },
    ]);
  });
  afterAll(() => t?.close());

  const get = async (id: string) => (await api(t, `/api/exports/${id}`, { token: requester.token })).body as ExportDto;

  it('builds nothing before a second person approves; the requester cannot; custody names the approver and what was deleted since', async () => {
    const requested = await requestExport(t, requester, { recordingIds: recordings.map((r) => r.id) });
    expect(requested.status).toBe(202);
    expect(requested.body.status).toBe('awaiting-approval');
    const id = requested.body.id as string;
    expect(await get(id)).toMatchObject({ status: 'awaiting-approval', approvalRequired: true, total: 3, done: 0 });
    expect((await get(id)).downloadUrl).toBeUndefined();

    const own = await api(t, `/api/exports/${id}/approve`, { method: 'POST', token: requester.token });
    expect(own.status).toBe(403);
    expect(own.body.message).toBe('The person who requested an export cannot approve it: a second person must');
    // Deleted while it waited: left out of the bundle, and custody says so.
    await t.prisma.recording.update({ where: { id: recordings[2].id }, data: { status: 'DELETED', deletedAt: new Date() } });
    expect(readdirSync(exportDir)).toEqual([]);

    // Two approvers at once: one wins, the other is told it was approved meanwhile.
    const [a, b] = await Promise.all([
      api(t, `/api/exports/${id}/approve`, { method: 'POST', token: approver.token }),
      api(t, `/api/exports/${id}/approve`, { method: 'POST', token: admin.token }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? approver : admin;
    expect((a.status === 409 ? a : b).body.message).toMatch(
      new RegExp(`^Export ${id} (was approved meanwhile by someone else|is not awaiting approval)`),
    );

    const ready = await settled(t, requester, id);
    expect(ready).toMatchObject({ status: 'ready', approvalRequired: true, approvedBy: { id: winner.id }, done: 3, total: 3 });
    const bundle = openBundle(Buffer.from(await (await fetch(ready.downloadUrl!)).arrayBuffer()));
    expect(sha256sumCheck(bundle).status).toBe(0);
    expect(opensslVerify(bundle).status).toBe(0);
    const custody = bundle.json('custody.json');
    expect(custody).toMatchObject({
      approval: 'two-person',
      requestedBy: { id: requester.id, name: 'Riley Requester' },
      approvedBy: { id: winner.id, email: winner.email },
      approvedAt: ready.approvedAt,
      counts: { recordings: 2 },
      excluded: [
        {
          recordingId: recordings[2].id,
          twilioRecordingSid: expect.any(String),
          reason: expect.stringMatching(/^deleted after the export was requested/),
        },
      ],
    });
    expect(
      bundle
        .json('manifest.json')
        .recordings.map((r: { recordingId: string }) => r.recordingId)
        .sort(),
    ).toEqual([recordings[0].id, recordings[1].id].sort());
    const own_events = bundle
      .read('audit.jsonl')
      .toString()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((e) => e.details?.exportId === id)
      .map((e) => e.action);
    expect(own_events).toEqual(['EXPORT_REQUESTED', 'EXPORT_APPROVED', 'EXPORT_BUILT']);
    const audited = await t.prisma.auditEvent.findMany({ where: { details: { path: ['exportId'], equals: id } }, orderBy: { seq: 'asc' } });
    expect(audited.map((e) => [e.action, e.actorId])).toEqual([
      ['EXPORT_REQUESTED', requester.id],
      ['EXPORT_APPROVED', winner.id],
      ['EXPORT_BUILT', null],
      ['EXPORT_DOWNLOADED', null],
    ]);
    await t.prisma.recording.update({ where: { id: recordings[2].id }, data: { status: 'STORED', deletedAt: null } });
  });

  /** An export approved in the database, with no job: the test runs the build itself. */
  async function queuedWithoutJob(ids: string[]): Promise<string> {
    const requested = await requestExport(t, requester, { recordingIds: ids });
    await t.prisma.export.update({
      where: { id: requested.body.id },
      data: { status: 'QUEUED', approvedById: approver.id, approvedAt: new Date() },
    });
    return requested.body.id;
  }

  it('starts over on a retry after a failed or crashed run, and never leaves a partial file', async () => {
    const id = await queuedWithoutJob([recordings[0].id, recordings[1].id]);
    const runner = t.app.get(ExportBuildRunner);
    // A crashed worker's leftover, and a store that lost the second recording's object for a while.
    writeFileSync(join(exportDir, `${id}.zip.partial`), 'half a bundle');
    const key = (await t.prisma.recording.findUniqueOrThrow({ where: { id: recordings[1].id } })).storageKey!;
    const object = await storedBytes(t, key);
    await deleteStoredObject(t, key);
    await expect(runner.run(id, false)).rejects.toThrow();
    expect(readdirSync(exportDir).filter((name) => name.startsWith(id))).toEqual([]);
    const between = await get(id);
    expect(between.status).toBe('running');
    expect(between.downloadUrl).toBeUndefined();

    await putStoredObject(t, key, object);
    await runner.run(id, true);
    const ready = await get(id);
    expect(ready).toMatchObject({ status: 'ready', done: 2, total: 2 });
    expect(readdirSync(exportDir).filter((name) => name.startsWith(id))).toEqual([`${id}.zip`]);
    const bundle = openBundle(Buffer.from(await (await fetch(ready.downloadUrl!)).arrayBuffer()));
    expect(sha256sumCheck(bundle).status).toBe(0);
    expect(bundle.json('manifest.json').recordings).toHaveLength(2);
  });

  it('fails the export, naming the recording, when its audio does not match its SHA-256, without a retry', async () => {
    const id = await queuedWithoutJob([recordings[0].id]);
    const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: recordings[0].id } });
    await t.prisma.recording.update({ where: { id: row.id }, data: { sha256: 'f'.repeat(64) } });
    try {
      await t.app.get(ExportBuildRunner).run(id, false);
    } finally {
      await t.prisma.recording.update({ where: { id: row.id }, data: { sha256: row.sha256 } });
    }
    const failed = await get(id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain(`Recording ${row.twilioRecordingSid} (${row.id}) does not match its stored SHA-256`);
    expect(failed.downloadUrl).toBeUndefined();
    expect(existsSync(join(exportDir, `${id}.zip.partial`))).toBe(false);
  });

  it('expires ready bundles past their link and removes files no export needs', async () => {
    const id = await queuedWithoutJob([recordings[0].id]);
    await t.app.get(ExportBuildRunner).run(id, true);
    expect((await get(id)).status).toBe('ready');
    writeFileSync(join(exportDir, '5f0c6f8e-0000-4000-8000-00000000000b.zip.partial'), 'left by a crash');
    await t.prisma.export.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const summary = await t.app.get(ExportExpiryService).sweep();
    expect(summary.expired).toBeGreaterThanOrEqual(1);
    expect((await t.prisma.export.findUniqueOrThrow({ where: { id } })).status).toBe('EXPIRED');
    expect(readdirSync(exportDir)).toEqual([]);
  });
  it('runs the expiry sweep on every tick through the queue, not only on the first (one job id, freed once done)', async () => {
    const jobs = t.app.get(ExportJobsService);
    const expireThroughQueue = async (id: string) => {
      await t.prisma.export.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await jobs.enqueueExpiry();
      await waitFor(`export ${id} expired by the queued sweep`, async () =>
        (await t.prisma.export.findUniqueOrThrow({ where: { id } })).status === 'EXPIRED' ? true : undefined,
      );
    };
    for (const recording of [recordings[0], recordings[1]]) {
      const id = await queuedWithoutJob([recording.id]);
      await t.app.get(ExportBuildRunner).run(id, true);
      expect((await get(id)).status).toBe('ready');
      // Before the fix the second tick's job kept the first one's id and Bull dropped it as a duplicate.
      await expireThroughQueue(id);
      expect(existsSync(join(exportDir, `${id}.zip`))).toBe(false);
    }
  });

  it('refuses to build on an audit chain that does not verify, saying so', async () => {
    const id = await queuedWithoutJob([recordings[0].id]);
    const requested = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'EXPORT_REQUESTED', details: { path: ['exportId'], equals: id } },
    });
    // A superuser edits the reason behind the triggers' back; put back afterwards, byte for byte.
    const saved = await asSuperuser(async (client) => {
      const rows = await saveRows(client, 'AuditEvent', requested.seq);
      await client.query(`UPDATE "AuditEvent" SET details = jsonb_set(details, '{reason}', '"edited"') WHERE seq = $1`, [requested.seq]);
      return rows;
    });
    try {
      await t.app.get(ExportBuildRunner).run(id, false);
    } finally {
      await asSuperuser((client) => rewriteEventsBack(client, saved));
    }
    const failed = await get(id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(
      `The audit trail does not verify, so no evidence is built on it: Event ${requested.seq} no longer matches its hash: it was changed`,
    );
    expect(readdirSync(exportDir).filter((name) => name.startsWith(id))).toEqual([]);
    expect((await api(t, '/api/audit-events/verify', { token: admin.token })).body.ok).toBe(true);
  });
});
