import { EXPORT_BUNDLE_FILES, ExportDto } from '@callrec/contracts';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadedRecording, DownloadedRecording } from '../../../test/encrypted-recordings';
import { openBundle, opensslVerify, requestExport, settled, sha256, sha256sumCheck } from '../../../test/export-bundles';
import { SeededRecording, seedStoredRecordings } from '../../../test/recording-fixtures';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { testKeyring } from '../../../test/test-keys';
import { auditHash } from '../audit/audit-hash';
import { ExportLinkService } from './export-link.service';

/**
 * Evidence export (design 9.6), end to end: requested with a reason, resolved at once, built by
 * the worker into a ZIP that anyone checks with unzip, sha256sum and openssl, handed out once
 * through an expiring link, every step audited. Encrypted and plaintext recordings alike.
 */
describe('evidence export', () => {
  let t: TestApp;
  let compliance: TestUser;
  let admin: TestUser;
  let agent: TestUser;
  let exportDir: string;
  /** Real emulator audio, stored sealed under the app's KEK. */
  let sealed: DownloadedRecording;
  let seeded: SeededRecording[];

  beforeAll(async () => {
    exportDir = mkdtempSync(join(tmpdir(), 'callrec-exports-'));
    t = await startTestApp({ ...testKeyring('k1'), EXPORT_DIR: exportDir });
    compliance = await createUser(t, 'COMPLIANCE', 'Casey Compliance');
    admin = await createUser(t, 'ADMIN');
    agent = await createUser(t, 'AGENT', 'Dana Dialer');
    sealed = await downloadedRecording(t, agent, 3);
    seeded = await seedStoredRecordings(t, [
      { agentId: agent.id, daysAgo: 1 },
      { agentId: agent.id, daysAgo: 2, encrypted: true },
    ]);
  });
  afterAll(() => t?.close());

  const auditOf = async (exportId: string) =>
    (await t.prisma.auditEvent.findMany({ where: { details: { path: ['exportId'], equals: exportId } }, orderBy: { seq: 'asc' } })).map(
      (e) => e.action,
    );

  it('builds a bundle that unzip, sha256sum -c and openssl check, hands it out once, and audits every step', async () => {
    const ids = [sealed.row.id, ...seeded.map((r) => r.id)];
    // An audited access to one of them: its event travels in the bundle's audit.jsonl.
    expect((await api(t, `/api/recordings/${sealed.row.id}/metadata`, { token: admin.token })).status).toBe(200);
    const requested = await requestExport(t, compliance, { recordingIds: ids });
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual({ id: expect.any(String), status: 'queued' });
    const id = requested.body.id as string;

    const ready = await settled(t, compliance, id);
    expect(ready).toMatchObject({ status: 'ready', done: 3, total: 3, error: null, approvalRequired: false, approvedBy: null });
    expect(ready.requestedBy).toEqual({ id: compliance.id, name: 'Casey Compliance', email: compliance.email });
    expect(ready.downloadUrl).toMatch(new RegExp(`^${t.config.publicBaseUrl}/api/exports/${id}/download\\?token=[A-Za-z0-9_-]{43}$`));
    // The link is shown again, the same, without being stored.
    expect((await api(t, `/api/exports/${id}`, { token: admin.token })).body.downloadUrl).toBe(ready.downloadUrl);
    expect(readdirSync(exportDir)).toEqual([`${id}.zip`]);

    const response = await fetch(ready.downloadUrl!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="callrec-export-\\d{4}-\\d{2}-\\d{2}-${id.slice(0, 8)}\\.zip"$`),
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(bytes.length).toBe(ready.bytes);
    expect(sha256(bytes)).toBe(ready.sha256);

    // Used once: the second request is refused, the file is gone, the export reads expired.
    const again = await api(t, `/api/exports/${id}/download?token=${new URL(ready.downloadUrl!).searchParams.get('token')}`);
    expect(again.status).toBe(410);
    expect(again.body.message).toBe('This download link was already used: the bundle has been downloaded');
    const after = (await api(t, `/api/exports/${id}`, { token: compliance.token })).body as ExportDto;
    expect(after).toMatchObject({ status: 'expired', downloadedAt: expect.any(String) });
    expect(after.downloadUrl).toBeUndefined();
    expect(existsSync(join(exportDir, `${id}.zip`))).toBe(false);

    const bundle = openBundle(bytes);
    expect(sha256sumCheck(bundle)).toMatchObject({ status: 0 });
    expect(opensslVerify(bundle)).toMatchObject({ status: 0, output: expect.stringContaining('Signature Verified Successfully') });

    // The audio is the plaintext, whatever was in the store: the emulator's bytes, the rows' SHA-256.
    const manifest = bundle.json('manifest.json');
    expect(manifest).toMatchObject({ format: 'callrec-evidence-export', version: 1, exportId: id, signingKey: { algorithm: 'Ed25519' } });
    expect(manifest.recordings).toHaveLength(3);
    const byId = new Map(manifest.recordings.map((r: { recordingId: string }) => [r.recordingId, r]));
    const sealedEntry = byId.get(sealed.row.id) as { file: string; sha256: string; metadata: string };
    expect(bundle.read(sealedEntry.file).equals(sealed.plain)).toBe(true);
    expect(sealedEntry.file).toMatch(
      new RegExp(
        `^recordings/\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z_dana-dialer_\\+1415\\d{7}_${sealed.row.twilioRecordingSid}\\.wav$`,
      ),
    );
    for (const recording of seeded) {
      const entry = byId.get(recording.id) as { file: string; sha256: string };
      expect(sha256(bundle.read(entry.file))).toBe(recording.sha256);
      expect(entry.sha256).toBe(recording.sha256);
    }
    // Entries in the format's order; the manifest lists every one but the sums and their signature.
    expect(bundle.entries).toEqual([...manifest.files, EXPORT_BUNDLE_FILES.sums, EXPORT_BUNDLE_FILES.signature]);
    expect(bundle.entries.slice(0, 3).every((e) => e.startsWith('recordings/'))).toBe(true);
    expect(bundle.entries.slice(3, 6).every((e) => e.startsWith('metadata/'))).toBe(true);

    const metadata = bundle.json(sealedEntry.metadata);
    expect(metadata.recording).toMatchObject({
      id: sealed.row.id,
      sha256: sealed.row.sha256,
      encrypted: true,
      storage: 'local',
      file: sealedEntry.file,
    });
    expect(metadata.call).toMatchObject({ agent: { id: agent.id, name: 'Dana Dialer', email: agent.email }, dataList: null });
    expect(metadata).toMatchObject({ holds: [], redactions: [] });

    const custody = bundle.json('custody.json');
    expect(custody).toMatchObject({
      exportId: id,
      requestedBy: { id: compliance.id, name: 'Casey Compliance', email: compliance.email },
      reason: 'Regulator request 2026-77',
      scope: { recordingIds: ids },
      approval: 'none',
      approvedBy: null,
      counts: { recordings: 3, audioBytes: sealed.plain.length + seeded[0].sizeBytes + seeded[1].sizeBytes },
      auditChain: { ok: true },
      excluded: [],
    });
    expect(bundle.read('public-key.pem').toString()).toBe((await api(t, '/api/audit-events/public-key', { token: compliance.token })).body);

    // audit.jsonl: the recordings' events and this export's, in seq order, each hash recomputed; the checkpoint last.
    const lines = bundle
      .read('audit.jsonl')
      .toString()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const events = lines.slice(0, -1);
    expect(events.length).toBe(custody.counts.auditEvents);
    for (const event of events) {
      expect(event.type).toBe('event');
      expect(auditHash(event.prevHash, { ...event, at: new Date(event.at) })).toBe(event.hash);
    }
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    const own = events.filter((e) => e.details?.exportId === id).map((e) => e.action);
    expect(own).toEqual(['EXPORT_REQUESTED', 'EXPORT_BUILT']);
    expect(events.filter((e) => e.recordingId === sealed.row.id).map((e) => e.action)).toContain('RECORDING_METADATA_VIEWED');
    expect(events.every((e) => e.details?.exportId === id || ids.includes(e.recordingId))).toBe(true);
    const built = events[events.length - 1];
    expect(built).toMatchObject({ action: 'EXPORT_BUILT', details: { exportId: id, total: 3, included: 3 } });
    const checkpoint = lines[lines.length - 1];
    expect(checkpoint).toMatchObject({
      type: 'checkpoint',
      payload: { seq: built.seq, hash: built.hash, keyId: manifest.signingKey.keyId },
    });
    // The checkpoint verifies with openssl over its canonical bytes, and is the one the recording store keeps.
    const { seq, hash, at, keyId } = checkpoint.payload;
    writeFileSync(join(bundle.dir, 'checkpoint.json'), JSON.stringify({ at, hash, keyId, seq }));
    writeFileSync(join(bundle.dir, 'checkpoint.sig'), Buffer.from(checkpoint.signature, 'base64'));
    expect(opensslVerify(bundle, 'checkpoint.json', 'checkpoint.sig')).toMatchObject({ status: 0 });
    expect(await t.prisma.auditCheckpoint.findUnique({ where: { seq } })).toMatchObject({ hash, keyId });

    // Tampering shows: one byte of audio fails sha256sum, one byte of SHA256SUMS fails the signature.
    const audio = join(bundle.dir, sealedEntry.file);
    const altered = bundle.read(sealedEntry.file);
    altered[100] ^= 0xff;
    writeFileSync(audio, altered);
    expect(sha256sumCheck(bundle).status).not.toBe(0);
    const sums = bundle.read('SHA256SUMS');
    sums[0] = sums[0] === 0x61 ? 0x62 : 0x61;
    writeFileSync(join(bundle.dir, 'SHA256SUMS'), sums);
    expect(opensslVerify(bundle).status).not.toBe(0);

    expect(await auditOf(id)).toEqual(['EXPORT_REQUESTED', 'EXPORT_BUILT', 'EXPORT_DOWNLOADED']);
    const downloaded = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'EXPORT_DOWNLOADED', details: { path: ['exportId'], equals: id } },
    });
    expect(downloaded).toMatchObject({
      ip: expect.stringMatching(/127\.0\.0\.1/),
      details: { exportId: id, sha256: ready.sha256, bytes: bytes.length },
    });
  });

  it('refuses a wrong or missing token (403) and an expired link (410), without the file', async () => {
    const requested = await requestExport(t, compliance, { recordingIds: [seeded[0].id] });
    const ready = await settled(t, compliance, requested.body.id);
    const id = ready.id;
    const url = new URL(ready.downloadUrl!);
    const token = url.searchParams.get('token')!;
    for (const bad of ['', `?token=${token.slice(0, -1)}A`, `?token=${token}x`, '?token[]=x']) {
      const response = await api(t, `/api/exports/${id}/download${bad}`);
      expect(response.status).toBe(403);
      expect(response.body.message).toBe('This download link is not valid');
    }
    // Another export's token does not open this one.
    const other = await api(t, `/api/exports/00000000-0000-4000-8000-000000000000/download?token=${token}`);
    expect(other.status).toBe(403);

    // Expired: the expiry is moved into the past in the database, and the link made for it (the
    // token covers the expiry, so the old one no longer matches anything).
    const expiresAt = new Date(Date.now() - 1000);
    await t.prisma.export.update({ where: { id }, data: { expiresAt } });
    const expired = await api(t, `/api/exports/${id}/download?token=${t.app.get(ExportLinkService).token(id, expiresAt)}`);
    expect(expired.status).toBe(410);
    expect(expired.body.message).toBe('This download link has expired');
    const status = (await api(t, `/api/exports/${id}`, { token: compliance.token })).body as ExportDto;
    expect(status.status).toBe('expired');
    expect(status.downloadUrl).toBeUndefined();
    expect(await auditOf(id)).toEqual(['EXPORT_REQUESTED', 'EXPORT_BUILT']);
  });

  it('resolves a legal hold to what it covers now, and filters to the STORED recordings of the calls they find', async () => {
    const heldAgent = await createUser(t, 'AGENT', 'Held Agent');
    const rows = await seedStoredRecordings(t, [
      { agentId: heldAgent.id, daysAgo: 1 },
      { agentId: heldAgent.id, daysAgo: 3 },
      { agentId: heldAgent.id, daysAgo: 10 },
      { agentId: heldAgent.id, daysAgo: 11 },
    ]);
    // Deleted before the request: neither scope takes it.
    await t.prisma.recording.update({ where: { id: rows[3].id }, data: { status: 'DELETED', deletedAt: new Date() } });
    const hold = await api(t, '/api/legal-holds', {
      method: 'POST',
      token: compliance.token,
      body: { name: 'Case 12', reason: 'Counsel asked', criteria: { agentId: heldAgent.id } },
    });
    expect(hold.status).toBe(201);

    const byHold = await requestExport(t, admin, { legalHoldId: hold.body.id });
    expect(byHold.status).toBe(202);
    const holdItems = await t.prisma.exportItem.findMany({ where: { exportId: byHold.body.id } });
    expect(holdItems.map((i) => i.recordingId).sort()).toEqual([rows[0].id, rows[1].id, rows[2].id].sort());
    expect((await settled(t, compliance, byHold.body.id)).total).toBe(3);

    const from = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    const byFilters = await requestExport(t, compliance, { filters: { agentId: heldAgent.id, from } });
    expect(byFilters.status).toBe(202);
    const filterItems = await t.prisma.exportItem.findMany({ where: { exportId: byFilters.body.id } });
    expect(filterItems.map((i) => i.recordingId).sort()).toEqual([rows[0].id, rows[1].id].sort());
    const built = await settled(t, compliance, byFilters.body.id);
    expect(built).toMatchObject({ status: 'ready', total: 2, done: 2, scope: { filters: { agentId: heldAgent.id, from } } });

    // A released hold has nothing to export.
    await api(t, `/api/legal-holds/${hold.body.id}/release`, { method: 'POST', token: compliance.token, body: { reason: 'Settled' } });
    const released = await requestExport(t, compliance, { legalHoldId: hold.body.id });
    expect(released.status).toBe(409);
    expect(released.body.message).toMatch(/^Legal hold 'Case 12' was released on /);
  });

  it('refuses bad requests with a domain message and creates nothing', async () => {
    const before = await t.prisma.export.count();
    const deleted = (await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 4 }]))[0];
    await t.prisma.recording.update({ where: { id: deleted.id }, data: { status: 'DELETED', deletedAt: new Date() } });
    const unknown = '5f0c6f8e-0000-4000-8000-00000000000a';
    const cases: [Record<string, unknown>, number, string | RegExp][] = [
      [{ scope: { recordingIds: [seeded[0].id] } }, 400, /reason/],
      [{ reason: '   ', scope: { recordingIds: [seeded[0].id] } }, 400, 'reason must not be blank'],
      [{ reason: 'x'.repeat(501), scope: { recordingIds: [seeded[0].id] } }, 400, 'reason must be at most 500 characters'],
      [{ reason: 'Why' }, 400, /^scope is required/],
      [{ reason: 'Why', scope: {} }, 400, 'scope must have exactly one of filters, legalHoldId or recordingIds'],
      [{ reason: 'Why', scope: { recordingIds: [seeded[0].id], legalHoldId: unknown } }, 400, /it has legalHoldId and recordingIds/],
      [{ reason: 'Why', scope: { recordingIds: ['nope'] } }, 400, 'scope.recordingIds must be UUIDs'],
      [{ reason: 'Why', scope: { recordingIds: Array(10_001).fill(seeded[0].id) } }, 400, /at most 10000 recordings/],
      [{ reason: 'Why', scope: { recordingIds: [] } }, 400, 'The scope selects no stored recording: nothing to export'],
      [{ reason: 'Why', scope: { filters: { phone: 'abc' } } }, 400, /^scope\.filters\.phone must be/],
      [{ reason: 'Why', scope: { filters: { page: 2 } } }, 400, /page should not exist/],
      [
        { reason: 'Why', scope: { filters: { from: '2030-01-02', to: '2030-01-01' } } },
        400,
        'from (2030-01-02) must not be after to (2030-01-01)',
      ],
      [{ reason: 'Why', scope: { filters: { agentId: unknown } } }, 400, 'The scope selects no stored recording: nothing to export'],
      [{ reason: 'Why', scope: { recordingIds: [seeded[0].id, unknown] } }, 404, `Recording ${unknown} does not exist`],
      [
        { reason: 'Why', scope: { recordingIds: [deleted.id, seeded[0].id] } },
        409,
        `Recording ${deleted.id} was deleted: its audio cannot be exported`,
      ],
      [{ reason: 'Why', scope: { legalHoldId: unknown } }, 404, `Legal hold ${unknown} not found`],
    ];
    const failures: string[] = [];
    for (const [body, status, message] of cases) {
      const response = await api(t, '/api/exports', { method: 'POST', token: compliance.token, body });
      const matches = typeof message === 'string' ? response.body?.message === message : message.test(response.body?.message ?? '');
      if (response.status !== status || !matches)
        failures.push(`${JSON.stringify(body).slice(0, 120)} → ${response.status} ${response.body?.message}`);
    }
    expect(failures).toEqual([]);
    expect(await t.prisma.export.count()).toBe(before);
    const approveNone = await api(t, `/api/exports/${unknown}/approve`, { method: 'POST', token: admin.token });
    expect(approveNone.status).toBe(404);
  });

  it('lists exports newest first', async () => {
    const list = await api(t, '/api/exports', { token: compliance.token });
    expect(list.status).toBe(200);
    const times = (list.body.items as ExportDto[]).map((e) => e.requestedAt);
    expect(times.length).toBeGreaterThanOrEqual(4);
    expect(times).toEqual([...times].sort().reverse());
  });
});
