import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asSuperuser, recordEvents, reinsertRows, rewriteEventsBack, saveRows, SavedRows } from '../../../test/audit-tamper';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { auditHash } from './audit-hash';

/**
 * A database superuser goes behind the triggers' back (session_replication_role = replica).
 * Every test puts back exactly what it changed: the suites that follow verify the same chain.
 */
// Local-only (design 9.4 s3 tier): deletes checkpoint files from the local disk by hand.
describe('audit trail: tampering by a database superuser is detected', () => {
  let t: TestApp;
  let admin: TestUser;
  let compliance: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
    compliance = await createUser(t, 'COMPLIANCE');
  });
  afterAll(() => t.close());

  const verify = async () => (await api(t, '/api/audit-events/verify', { token: compliance.token })).body;
  const checkpoint = () => api(t, '/api/audit-events/checkpoint', { method: 'POST', token: admin.token });
  const total = () => t.prisma.auditEvent.count();

  async function checkpointAfter(events: number, note: string) {
    const head = await recordEvents(t, events, note);
    const response = await checkpoint();
    expect(response.body.seq).toBe(head);
    return response.body as { seq: number; hash: string; at: string };
  }

  it('names a cut tail (the checkpointed event and later ones) and is intact again once the rows are back', async () => {
    const signed = await checkpointAfter(4, 'cut tail');
    const head = await recordEvents(t, 2, 'after the checkpoint');
    const count = await total();
    expect(await verify()).toEqual({ ok: true, checked: count, checkpoint: signed });

    const keep = signed.seq - 3;
    const saved = await asSuperuser(async (client) => {
      const rows = {
        events: await saveRows(client, 'AuditEvent', keep + 1),
        checkpoints: await saveRows(client, 'AuditCheckpoint', keep + 1),
      };
      // The whole tail, and the database's own checkpoints of it: only the store's copy is left.
      await client.query('DELETE FROM "AuditEvent" WHERE seq > $1', [keep]);
      await client.query('DELETE FROM "AuditCheckpoint" WHERE seq > $1', [keep]);
      return rows;
    });
    try {
      expect(saved.events.rows).toHaveLength(head - keep);
      expect(await verify()).toEqual({
        ok: false,
        checked: count - (head - keep),
        checkpoint: signed,
        problem: `The audit trail ends at event ${keep} but the checkpoint signed at ${signed.at} in the recording store covers event ${signed.seq}: events were removed`,
      });
      // Signing now would bless the cut: refused.
      const refused = await checkpoint();
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain(`covers event ${signed.seq}: events were removed`);
      expect(await t.prisma.auditCheckpoint.count({ where: { seq: { gt: keep } } })).toBe(0);
    } finally {
      await asSuperuser(async (client) => {
        await reinsertRows(client, saved.events);
        await reinsertRows(client, saved.checkpoints);
      });
    }
    expect(await verify()).toEqual({ ok: true, checked: count, checkpoint: signed });
  });

  it('catches a rewritten event whose following hashes were all recomputed, through the store checkpoint', async () => {
    const signed = await checkpointAfter(3, 'rewrite');
    await recordEvents(t, 1, 'after the checkpoint');
    const victimSeq = signed.seq - 1;
    const count = await total();

    let saved: { events: SavedRows; checkpoints: SavedRows } | undefined;
    try {
      saved = await asSuperuser(async (client) => {
        const rows = {
          events: await saveRows(client, 'AuditEvent', victimSeq),
          checkpoints: await saveRows(client, 'AuditCheckpoint', victimSeq),
        };
        const events = await t.prisma.auditEvent.findMany({ where: { seq: { gte: victimSeq - 1 } }, orderBy: { seq: 'asc' } });
        let prevHash = events[0].hash;
        for (const event of events.slice(1)) {
          const details = event.seq === victimSeq ? { note: 'nothing to see here' } : event.details;
          const hash = auditHash(prevHash, { ...event, details });
          await client.query(`UPDATE "AuditEvent" SET details = $2::jsonb, "prevHash" = $3, hash = $4 WHERE id = $1`, [
            event.id,
            JSON.stringify(details),
            prevHash,
            hash,
          ]);
          prevHash = hash;
        }
        await client.query('DELETE FROM "AuditCheckpoint" WHERE seq >= $1', [victimSeq]);
        return rows;
      });

      const result = await verify();
      // Every link recomputes: only the checkpoint outside the database shows the rewrite.
      expect(result).toEqual({
        ok: false,
        checked: count,
        checkpoint: signed,
        problem: `Event ${signed.seq} no longer has the hash that the checkpoint signed at ${signed.at} in the recording store records: the audit trail was rewritten`,
      });
      expect((await checkpoint()).status).toBe(409);
    } finally {
      if (saved) {
        const { events, checkpoints } = saved;
        await asSuperuser(async (client) => {
          await rewriteEventsBack(client, events);
          await reinsertRows(client, checkpoints);
        });
      }
    }
    expect(await verify()).toEqual({ ok: true, checked: count, checkpoint: signed });
  });

  it("fails when the store checkpoint's signature does not verify", async () => {
    const signed = await checkpointAfter(1, 'bad signature');
    const sigFile = join(t.config.recordingsDir, 'audit-checkpoints', `${signed.seq.toString().padStart(12, '0')}.sig`);
    const original = readFileSync(sigFile);
    const flipped = Buffer.from(original);
    flipped[17] ^= 0x40;
    chmodSync(sigFile, 0o644);
    writeFileSync(sigFile, flipped);
    try {
      const result = await verify();
      expect(result).toMatchObject({ ok: false, checkpoint: signed });
      expect(result.problem).toContain(
        `signature of the newest checkpoint in the recording store (audit-checkpoints/${signed.seq.toString().padStart(12, '0')}.json, event ${signed.seq}) does not verify`,
      );
    } finally {
      writeFileSync(sigFile, original);
      chmodSync(sigFile, 0o444);
    }
    expect(await verify()).toMatchObject({ ok: true, checkpoint: signed });
  });

  it('fails when a checkpoint in the database carries a signature that does not verify', async () => {
    const signed = await checkpointAfter(1, 'forged database checkpoint');
    const row = await t.prisma.auditCheckpoint.findUniqueOrThrow({ where: { seq: signed.seq } });
    const forged = Buffer.from(row.signature, 'base64');
    forged[3] ^= 0x01;
    await asSuperuser((client) =>
      client.query('UPDATE "AuditCheckpoint" SET signature = $2 WHERE seq = $1', [signed.seq, forged.toString('base64')]),
    );
    try {
      const result = await verify();
      expect(result).toMatchObject({ ok: false, checkpoint: signed });
      expect(result.problem).toBe(
        `The database's checkpoint of event ${signed.seq} has a signature that does not verify with this server's key: it was altered or forged`,
      );
    } finally {
      await asSuperuser((client) =>
        client.query('UPDATE "AuditCheckpoint" SET signature = $2 WHERE seq = $1', [signed.seq, row.signature]),
      );
    }
    expect(await verify()).toMatchObject({ ok: true });
  });
});
