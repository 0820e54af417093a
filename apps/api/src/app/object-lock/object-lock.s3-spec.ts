import {
  DeleteObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectRetentionCommand,
  ListObjectVersionsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { recreateDatabase } from '../../../test/global-setup';
import { rawS3Client } from '../../../test/s3-buckets';
import { TEST_DATABASE_URL } from '../../../test/test-config';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { recordingKey } from '../../services/storage/recording-store';
import { RecordingStores } from '../../services/storage/recording-stores';
import { ObjectLockPlanner } from './object-lock.planner';

const DAY = 86_400_000;

interface Stored {
  id: string;
  callId: string;
  sid: string;
  key: string;
  toNumber: string;
}

/**
 * Object Lock against a real S3 gateway (Ceph's, design 9.4): the bucket itself refuses to delete
 * a locked version whoever asks, follows our legal holds and lengthened policies, and lets
 * retention delete every version once the lock allows. Run by the integration-s3 tier.
 */
describe('Object Lock in the bucket (S3_OBJECT_LOCK=compliance, real S3 gateway)', () => {
  let t: TestApp;
  let admin: TestUser;
  let compliance: TestUser;
  let s3: S3Client;
  let bucket: string;
  let agentId: string;
  let policyId: string;

  beforeAll(async () => {
    const databaseUrl = TEST_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_objlock_s3');
    await recreateDatabase(databaseUrl);
    // The tier's testConfig gives the app the Ceph gateway and a bucket of its own, with Object Lock.
    t = await startTestApp({ DATABASE_URL: databaseUrl });
    const settings = t.config.s3;
    if (t.config.storageDriver !== 's3' || settings?.objectLock !== 'compliance') {
      throw new Error('This suite needs STORAGE_DRIVER=s3 and S3_OBJECT_LOCK=compliance (the integration-s3 tier sets them)');
    }
    bucket = settings.bucket;
    // Outside the product: what anyone holding the bucket's keys could do.
    s3 = rawS3Client(t.config);
    admin = await createUser(t, 'ADMIN');
    compliance = await createUser(t, 'COMPLIANCE');
    agentId = (
      await t.prisma.user.create({ data: { email: `agent-${Date.now()}@test.example`, name: 'Agent', role: 'AGENT', passwordHash: 'x' } })
    ).id;
    const policy = await api(t, '/api/retention-policies', {
      method: 'POST',
      token: admin.token,
      body: { name: 'Everything: a day', retainDays: 1, scope: {} },
    });
    expect(policy.status).toBe(201);
    policyId = policy.body.id;
  });
  afterAll(async () => {
    s3?.destroy();
    await t?.close();
  });

  /**
   * A recording stored as the download pipeline stores one under Object Lock: its call and row,
   * then its object written through the primary store and committed locked as planned inside the
   * transaction that marks it STORED with that lock.
   */
  async function storeLocked(placedAt: Date): Promise<Stored> {
    const sid = `RE${randomBytes(16).toString('hex')}`;
    const key = recordingKey(sid, 'wav', placedAt);
    const body = randomBytes(4096);
    const stored: Stored = { id: randomUUID(), callId: randomUUID(), sid, key, toNumber: `+1${randomInt(2_000_000_000, 9_999_999_999)}` };
    await t.prisma.callRecord.create({
      data: {
        id: stored.callId,
        agentId,
        placedAt,
        fromNumber: '+15005550006',
        toNumber: stored.toNumber,
        status: 'completed',
        durationSeconds: 30,
      },
    });
    await t.prisma.recording.create({
      data: { id: stored.id, callRecordId: stored.callId, twilioRecordingSid: sid, status: 'DOWNLOADING' },
    });
    const store = t.app.get(RecordingStores, { strict: false }).primary;
    const pending = await store.beginWrite(key);
    await pipeline(Readable.from([body]), pending.stream);
    await t.prisma.$transaction(async (tx) => {
      const lock = await t.app.get(ObjectLockPlanner, { strict: false }).planInTx(tx, stored.id);
      await tx.recording.update({
        where: { id: stored.id },
        data: {
          status: 'STORED',
          storageKey: key,
          storageBackend: store.backend,
          sizeBytes: body.length,
          sha256: createHash('sha256').update(body).digest('hex'),
          durationSeconds: 30,
          mimeType: 'audio/wav',
          storedAt: new Date(),
          lockedUntil: lock.retainUntil,
          objectLegalHold: lock.legalHold,
        },
      });
      await pending.commit(lock);
    });
    return stored;
  }

  const versionsOf = async (key: string) => {
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    return {
      versions: (listed.Versions ?? []).filter((v) => v.Key === key),
      markers: (listed.DeleteMarkers ?? []).filter((m) => m.Key === key),
    };
  };
  const retainUntilOf = async (key: string) => (await s3.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: key }))).Retention;
  const rowOf = (stored: Stored) => t.prisma.recording.findUniqueOrThrow({ where: { id: stored.id } });
  const legalHoldOf = async (key: string) => (await s3.send(new GetObjectLegalHoldCommand({ Bucket: bucket, Key: key }))).LegalHold?.Status;

  let locked: Stored;
  let placedAt: Date;

  it('writes a recording locked until its retention ends, and nobody can delete that version through S3', async () => {
    placedAt = new Date(Date.now() - 3_600_000);
    locked = await storeLocked(placedAt);
    const retention = await retainUntilOf(locked.key);
    expect(retention?.Mode).toBe('COMPLIANCE');
    // S3 keeps whole seconds at most; never earlier than our date (retention would then try too soon).
    expect(retention?.RetainUntilDate?.getTime()).toBeGreaterThanOrEqual(Math.floor((placedAt.getTime() + DAY) / 1000) * 1000);
    expect(retention?.RetainUntilDate?.getTime()).toBeLessThan(placedAt.getTime() + DAY + 1000);

    const { versions } = await versionsOf(locked.key);
    expect(versions).toHaveLength(1);
    const versionId = versions[0].VersionId;
    await expect(s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: locked.key, VersionId: versionId }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(
      s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: locked.key, VersionId: versionId, BypassGovernanceRetention: true })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await versionsOf(locked.key)).versions.map((v) => v.VersionId)).toEqual([versionId]);
  });

  it('answers 409 to a manual deletion of a locked recording, naming the date, and changes nothing', async () => {
    const refused = await api(t, `/api/recordings/${locked.id}`, {
      method: 'DELETE',
      token: admin.token,
      body: { reason: 'Recorded by mistake' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(
      `Recording ${locked.sid} is protected by Object Lock (compliance) in the bucket until ${new Date(placedAt.getTime() + DAY).toISOString()}; it cannot be deleted before then`,
    );
    expect(await t.prisma.recording.findUniqueOrThrow({ where: { id: locked.id }, select: { status: true } })).toEqual({
      status: 'STORED',
    });
    expect((await versionsOf(locked.key)).versions).toHaveLength(1);
  });

  it('sets the S3 legal hold while one of our holds covers the recording, and clears it on release', async () => {
    const hold = await api(t, '/api/legal-holds', {
      method: 'POST',
      token: compliance.token,
      body: { name: 'Case S3', reason: 'Regulator request', criteria: { recordingIds: [locked.id] } },
    });
    expect(hold.status).toBe(201);
    // The row is written once the bucket has said yes: wait for both.
    await waitFor(
      'the S3 legal hold to be ON and recorded',
      async () => (await legalHoldOf(locked.key)) === 'ON' && (await rowOf(locked)).objectLegalHold,
    );

    const release = await api(t, `/api/legal-holds/${hold.body.id}/release`, {
      method: 'POST',
      token: compliance.token,
      body: { reason: 'Closed' },
    });
    expect(release.status).toBe(200);
    await waitFor(
      'the S3 legal hold to be OFF and recorded',
      async () => (await legalHoldOf(locked.key)) === 'OFF' && !(await rowOf(locked)).objectLegalHold,
    );
  });

  it("extends the object's retain-until date when its policy lengthens", async () => {
    const longer = await api(t, `/api/retention-policies/${policyId}`, { method: 'PATCH', token: admin.token, body: { retainDays: 3 } });
    expect(longer.status).toBe(200);
    const wanted = placedAt.getTime() + 3 * DAY;
    const retention = await waitFor('the retain-until date to be extended', async () => {
      const current = await retainUntilOf(locked.key);
      const recorded = (await rowOf(locked)).lockedUntil?.getTime() === wanted;
      return recorded && (current?.RetainUntilDate?.getTime() ?? 0) >= Math.floor(wanted / 1000) * 1000 && current;
    });
    expect(retention?.RetainUntilDate?.getTime()).toBeLessThan(wanted + 1000);
  });

  it('lets retention delete every version once the lock has ended, and not before', async () => {
    // Placed so that its three days (the policy now) end a few seconds from now.
    const soon = await storeLocked(new Date(Date.now() - 3 * DAY + 5000));
    const row = await t.prisma.recording.findUniqueOrThrow({ where: { id: soon.id } });
    expect(row.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    expect((await versionsOf(soon.key)).versions).toHaveLength(1);
    // A sweep asked for every second until one has deleted it: the early ones must spare it.
    await waitFor(
      'a retention sweep to delete the recording once its lock has ended',
      async () => {
        await api(t, '/api/retention/run', { method: 'POST', token: admin.token });
        const { status } = await t.prisma.recording.findUniqueOrThrow({ where: { id: soon.id }, select: { status: true } });
        return status === 'DELETED';
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    // Every version gone: a delete marker left on top of a surviving version would not be a deletion.
    expect((await versionsOf(soon.key)).versions).toEqual([]);
    // Sweeps that came while the lock held spared it; none tried and failed against the bucket.
    expect(await t.prisma.auditEvent.count({ where: { action: 'RECORDING_DELETION_FAILED', recordingId: soon.id } })).toBe(0);
    // The other recording's lock is still ahead: still there, still STORED.
    expect((await t.prisma.recording.findUniqueOrThrow({ where: { id: locked.id } })).status).toBe('STORED');
    expect((await versionsOf(locked.key)).versions).toHaveLength(1);
  });
});
