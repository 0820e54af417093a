import { asOrdinaryConnection, recordEvents } from '../../../test/audit-tamper';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { AuditWriter } from './audit.writer';

describe('audit trail: append-only in the database', () => {
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

  it('refuses a plain DELETE, UPDATE or TRUNCATE of audit events, and changes nothing', async () => {
    const head = await recordEvents(t, 2, 'append-only');
    const before = await t.prisma.auditEvent.findUniqueOrThrow({ where: { seq: head } });

    await asOrdinaryConnection(async (client) => {
      await expect(client.query('DELETE FROM "AuditEvent" WHERE seq = $1', [head])).rejects.toThrow(/append-only: DELETE on "AuditEvent"/);
      await expect(client.query(`UPDATE "AuditEvent" SET ip = '203.0.113.9' WHERE seq = $1`, [head])).rejects.toThrow(
        /append-only: UPDATE on "AuditEvent"/,
      );
      await expect(client.query('TRUNCATE "AuditEvent" CASCADE')).rejects.toThrow(/append-only: TRUNCATE on "AuditEvent"/);
    });
    await expect(t.prisma.auditEvent.deleteMany({ where: { seq: head } })).rejects.toThrow(/append-only/);

    expect(await t.prisma.auditEvent.findUniqueOrThrow({ where: { seq: head } })).toEqual(before);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('refuses a plain DELETE, UPDATE or TRUNCATE of checkpoints', async () => {
    await recordEvents(t, 1, 'append-only checkpoint');
    const checkpoint = await api(t, '/api/audit-events/checkpoint', { method: 'POST', token: admin.token });
    expect(checkpoint.status).toBe(201);
    const seq = checkpoint.body.seq as number;

    await asOrdinaryConnection(async (client) => {
      await expect(client.query('DELETE FROM "AuditCheckpoint" WHERE seq = $1', [seq])).rejects.toThrow(
        /append-only: DELETE on "AuditCheckpoint"/,
      );
      await expect(client.query(`UPDATE "AuditCheckpoint" SET hash = $2 WHERE seq = $1`, [seq, '0'.repeat(64)])).rejects.toThrow(
        /append-only: UPDATE on "AuditCheckpoint"/,
      );
      await expect(client.query('TRUNCATE "AuditCheckpoint"')).rejects.toThrow(/append-only: TRUNCATE on "AuditCheckpoint"/);
    });
    expect(await t.prisma.auditCheckpoint.findUniqueOrThrow({ where: { seq } })).toMatchObject({ hash: checkpoint.body.hash });
  });

  it('refuses to delete a user or a recording that audit events name, so no hashed field changes', async () => {
    const actor = await createUser(t, 'SUPERVISOR', 'Audited Actor');
    const agent = await createUser(t, 'AGENT', 'Agent Of The Call');
    const call = await t.prisma.callRecord.create({ data: { agentId: agent.id, fromNumber: '+15005550006', toNumber: '+14155550123' } });
    const recording = await t.prisma.recording.create({
      data: { callRecordId: call.id, twilioRecordingSid: `RE${'d'.repeat(28)}${Date.now().toString(16).slice(-4)}`, status: 'FAILED' },
    });
    await t.app.get(AuditWriter).record({
      action: 'RECORDING_METADATA_VIEWED',
      actorId: actor.id,
      recordingId: recording.id,
      details: { note: 'foreign keys' },
    });

    await asOrdinaryConnection(async (client) => {
      await expect(client.query('DELETE FROM "Recording" WHERE id = $1', [recording.id])).rejects.toThrow(
        /violates foreign key constraint "AuditEvent_recordingId_fkey"/,
      );
      await expect(client.query('DELETE FROM "User" WHERE id = $1', [actor.id])).rejects.toThrow(
        /violates foreign key constraint "AuditEvent_actorId_fkey"/,
      );
    });

    const event = await t.prisma.auditEvent.findFirstOrThrow({ where: { recordingId: recording.id } });
    expect(event).toMatchObject({ actorId: actor.id, recordingId: recording.id });
    expect(await verify()).toMatchObject({ ok: true });
  });
});
