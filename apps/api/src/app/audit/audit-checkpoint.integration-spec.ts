import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { recordEvents } from '../../../test/audit-tamper';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { JOB, QUEUE } from '../../services/queues/queues.constants';

const run = promisify(execFile);
const pad = (seq: number) => seq.toString().padStart(12, '0');

// Local-only (design 9.4 s3 tier): reads and edits checkpoint files on the local disk.
describe('audit checkpoints: signed, in the database and in the recording store', () => {
  let t: TestApp;
  let admin: TestUser;
  let compliance: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    compliance = await createUser(t, 'COMPLIANCE');
  });
  afterAll(() => t.close());

  const checkpoint = () => api(t, '/api/audit-events/checkpoint', { method: 'POST', token: admin.token });
  const storeFile = (name: string) => join(t.config.recordingsDir, 'audit-checkpoints', name);
  const storedJson = () => readdirSync(join(t.config.recordingsDir, 'audit-checkpoints')).filter((name) => name.endsWith('.json'));

  it('signs the head on request, keeps it in the database and writes .sig and .json to the store, read-only', async () => {
    const head = await recordEvents(t, 3, 'checkpoint on request');
    const headEvent = await t.prisma.auditEvent.findUniqueOrThrow({ where: { seq: head } });

    const response = await checkpoint();
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ seq: head, hash: headEvent.hash, at: expect.any(String) });

    const row = await t.prisma.auditCheckpoint.findUniqueOrThrow({ where: { seq: head } });
    expect({ hash: row.hash, at: row.at.toISOString() }).toEqual({ hash: headEvent.hash, at: response.body.at });
    const json = readFileSync(storeFile(`${pad(head)}.json`), 'utf8');
    expect(JSON.parse(json)).toEqual({ at: response.body.at, hash: headEvent.hash, keyId: row.keyId, seq: head });
    expect(json).toBe(`{"at":"${response.body.at}","hash":"${headEvent.hash}","keyId":"${row.keyId}","seq":${head}}`);
    const signature = readFileSync(storeFile(`${pad(head)}.sig`));
    expect(signature).toHaveLength(64);
    expect(signature.toString('base64')).toBe(row.signature);
    expect(statSync(storeFile(`${pad(head)}.json`)).mode & 0o777).toBe(0o444);

    const verified = await api(t, '/api/audit-events/verify', { token: compliance.token });
    expect(verified.body).toMatchObject({ ok: true, checkpoint: response.body });
    expect(verified.body.problem).toBeUndefined();
  });

  it('signs nothing new while no event arrived, and one checkpoint when several requests race', async () => {
    const first = await checkpoint();
    const again = await checkpoint();
    expect(again.body).toEqual(first.body);
    const files = storedJson().length;

    const head = await recordEvents(t, 2, 'racing checkpoints');
    const racing = await Promise.all([checkpoint(), checkpoint(), checkpoint(), checkpoint()]);
    expect(racing.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(racing.map((response) => JSON.stringify(response.body))).size).toBe(1);
    expect(racing[0].body.seq).toBe(head);
    expect(await t.prisma.auditCheckpoint.count({ where: { seq: head } })).toBe(1);
    const stored = await waitFor('the winner to write the store copy', async () => existsSync(storeFile(`${pad(head)}.json`)));
    expect(stored).toBe(true);
    expect(JSON.parse(readFileSync(storeFile(`${pad(head)}.json`), 'utf8')).at).toBe(racing[0].body.at);
    expect(storedJson()).toHaveLength(files + 1);
  });

  it('lets an auditor check a stored checkpoint with openssl and the public key from the API', async () => {
    const head = await recordEvents(t, 1, 'openssl');
    expect((await checkpoint()).body.seq).toBe(head);

    const key = await fetch(`${t.url}/api/audit-events/public-key`, { headers: { authorization: `Bearer ${compliance.token}` } });
    expect(key.status).toBe(200);
    expect(key.headers.get('content-type')).toMatch(/^application\/x-pem-file/);
    const pem = await key.text();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const auditor = mkdtempSync(join(tmpdir(), 'callrec-auditor-'));
    const keyFile = join(auditor, 'audit-public-key.pem');
    writeFileSync(keyFile, pem);

    // The command of the README, run where the store keeps the checkpoints.
    const openssl = (json: string, sig: string) =>
      run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', keyFile, '-rawin', '-in', json, '-sigfile', sig], {
        cwd: t.config.recordingsDir,
      });
    const { stdout } = await openssl(`audit-checkpoints/${pad(head)}.json`, `audit-checkpoints/${pad(head)}.sig`);
    expect(stdout).toContain('Signature Verified Successfully');
    const signed = JSON.parse(readFileSync(storeFile(`${pad(head)}.json`), 'utf8'));
    expect(signed.hash).toBe((await t.prisma.auditEvent.findUniqueOrThrow({ where: { seq: head } })).hash);

    const forged = join(auditor, `forged-${pad(head)}.json`);
    writeFileSync(forged, JSON.stringify({ ...signed, hash: 'f'.repeat(64) }));
    await expect(openssl(forged, `audit-checkpoints/${pad(head)}.sig`)).rejects.toMatchObject({
      stdout: expect.stringContaining('Signature Verification Failure'),
    });
    rmSync(auditor, { recursive: true });
  });

  it('lets only ADMIN sign and only COMPLIANCE or ADMIN read the public key', async () => {
    expect((await api(t, '/api/audit-events/checkpoint', { method: 'POST', token: compliance.token })).status).toBe(403);
    const supervisor = await createUser(t, 'SUPERVISOR');
    expect((await api(t, '/api/audit-events/public-key', { token: supervisor.token })).status).toBe(403);
    expect((await api(t, '/api/audit-events/public-key', { token: admin.token })).status).toBe(200);
  });

  it('does not count checkpoints as orphan recordings in the storage check', async () => {
    expect(storedJson().length).toBeGreaterThan(0);
    const check = await api(t, '/api/health/storage', { token: admin.token });
    expect(check.status).toBe(200);
    expect(check.body.orphanFiles).toEqual([]);
  });

  it('signs a checkpoint on its own every AUDIT_CHECKPOINT_SECONDS where schedules are on, from one schedule in Redis', async () => {
    const scheduled = await startTestApp({
      CRON_ENABLED: 'true',
      AUDIT_CHECKPOINT_SECONDS: '1',
      RECONCILE_CRON: '0 0 1 1 *',
      RETENTION_CRON: '0 0 1 1 *',
    });
    const queue = scheduled.app.get<Queue>(getQueueToken(QUEUE.maintenance));
    try {
      const head = await recordEvents(scheduled, 2, 'scheduled checkpoint');
      const row = await waitFor('a scheduled checkpoint of the new head', () =>
        t.prisma.auditCheckpoint.findUnique({ where: { seq: head } }).then((found) => found ?? undefined),
      );
      expect(row.hash).toBe((await t.prisma.auditEvent.findUniqueOrThrow({ where: { seq: head } })).hash);
      const schedules = (await queue.getRepeatableJobs()).filter((job) => job.name === JOB.auditCheckpoint);
      expect(schedules).toEqual([expect.objectContaining({ every: 1000 })]);
    } finally {
      // The schedule lives in Redis: leave none behind for the suites that follow.
      for (const job of await queue.getRepeatableJobs()) {
        if (job.name === JOB.auditCheckpoint) await queue.removeRepeatableByKey(job.key);
      }
      await scheduled.close();
    }
  });
});
