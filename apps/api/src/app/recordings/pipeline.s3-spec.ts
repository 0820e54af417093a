import { GetObjectCommand, GetObjectRetentionCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { EMULATOR_URL } from '../../../test/emulator-process';
import { emulator } from '../../../test/emulator-control';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { TEST_REDIS_URL } from '../../../test/test-config';

/**
 * The whole chain on Ceph's RADOS Gateway (the s3 tier: STORAGE_DRIVER=s3 and Object Lock in
 * compliance mode): a call placed through the API is recorded, downloaded, verified and
 * stored in the bucket; ranges served by the API are byte-exact against Twilio's media and
 * against the gateway's own range reads; retention removes every version once the lock
 * allows; erasure removes another recording's object.
 */
describe('pipeline on S3 (Ceph RADOS Gateway)', () => {
  let t: TestApp;
  let s3: S3Client;
  let bucket: string;
  let agent: TestUser;
  let compliance: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    // A Redis database of its own: the retention lease and queues of suites before it (whose
    // apps shut down with sweeps still queued) cannot hold back the sweeps this suite waits for.
    const redisUrl = new URL(TEST_REDIS_URL);
    redisUrl.pathname = '/8';
    const redis = new Redis(redisUrl.toString());
    await redis.flushdb();
    redis.disconnect();
    t = await startTestApp({ DOWNLOAD_BACKOFF_MS: '200', DOWNLOAD_BACKOFF_MAX_MS: '1000', REDIS_URL: redisUrl.toString() });
    const settings = t.config.s3;
    if (t.config.storageDriver !== 's3' || !settings) throw new Error('This spec runs in the s3 tier (TEST_STORAGE_DRIVER=s3)');
    bucket = settings.bucket;
    s3 = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId ?? '', secretAccessKey: settings.secretAccessKey ?? '' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    agent = await createUser(t, 'AGENT', 'Sam S3');
    compliance = await createUser(t, 'COMPLIANCE');
    admin = await createUser(t, 'ADMIN');
  });
  beforeEach(() => emulator.reset());
  afterAll(async () => {
    s3?.destroy();
    await t?.close();
  });

  async function recordedCall(to: string, seconds: number, beforeHangup?: (callId: string) => Promise<void>) {
    const placed = await api(t, '/api/calls', { method: 'POST', token: agent.token, body: { to } });
    expect(placed.status).toBe(201);
    await waitFor('answered', async () => (await t.prisma.callRecord.findUniqueOrThrow({ where: { id: placed.body.id } })).status === 'in_progress');
    if (beforeHangup) await beforeHangup(placed.body.id);
    await emulator.hangup(placed.body.twilioCallSid, seconds);
    return waitFor('the recording to be STORED', async () => {
      const recording = await t.prisma.recording.findFirst({ where: { callRecordId: placed.body.id } });
      if (recording?.status === 'FAILED') throw new Error(`FAILED: ${recording.lastError}`);
      return recording?.status === 'STORED' && recording;
    });
  }

  async function fromTwilio(recordingSid: string): Promise<Buffer> {
    const { accountSid, authToken } = t.config.twilio;
    const response = await fetch(`${EMULATOR_URL}/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}.wav?RequestedChannels=2`, {
      headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` },
    });
    return Buffer.from(await response.arrayBuffer());
  }

  async function fromBucket(key: string, range?: string): Promise<Buffer> {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  async function versions(key: string): Promise<number> {
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    return [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].filter((v) => v.Key === key).length;
  }

  it('stores the recording in the bucket and serves byte-exact ranges from it', async () => {
    const recording = await recordedCall('+14155550931', 9);
    expect(recording.storageBackend).toBe('S3');
    const original = await fromTwilio(recording.twilioRecordingSid);
    const stored = await fromBucket(recording.storageKey!);
    expect(stored.equals(original)).toBe(true);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(recording.sha256);

    const size = recording.sizeBytes!;
    const ranges: [number, number | null][] = [
      [0, 0],
      [0, 43],
      [1000, 70_000],
      [size - 1, size - 1],
      [Math.floor(size / 3), null],
    ];
    for (const [start, end] of ranges) {
      const header = `bytes=${start}-${end ?? ''}`;
      const response = await fetch(`${t.url}/api/recordings/${recording.id}/download`, {
        headers: { authorization: `Bearer ${compliance.token}`, range: header },
      });
      expect(response.status).toBe(206);
      const body = Buffer.from(await response.arrayBuffer());
      const last = end ?? size - 1;
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${last}/${size}`);
      expect(body.equals(original.subarray(start, last + 1))).toBe(true);
      expect(body.equals(await fromBucket(recording.storageKey!, header))).toBe(true);
    }
    const suffix = await fetch(`${t.url}/api/recordings/${recording.id}/download`, {
      headers: { authorization: `Bearer ${compliance.token}`, range: 'bytes=-500' },
    });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(original.subarray(size - 500))).toBe(true);

    const check = await api(t, '/api/health/storage', { token: admin.token });
    expect(check.status).toBe(200);
    // Other suites' rows in the shared database name their own buckets; this one's must be intact.
    expect(check.body.missingOrWrongSize.filter((item: string) => item.startsWith(recording.id))).toEqual([]);
  });

  it('lets retention remove every version once the lock has run out, and erasure remove another', async () => {
    // A one-day policy, and a call placed just under a day ago: its lock ends seconds from now.
    const policy = await api(t, '/api/retention-policies', {
      method: 'POST',
      token: admin.token,
      body: { name: 'S3 pipeline: a day', retainDays: 1, scope: { agentId: agent.id } },
    });
    expect(policy.status).toBe(201);
    const expiring = await recordedCall('+14155550932', 4, async (callId) => {
      await t.prisma.$executeRaw`UPDATE "CallRecord" SET "placedAt" = (now() AT TIME ZONE 'UTC') - interval '1 day' + interval '4 seconds' WHERE id = ${callId}::uuid`;
    });
    if (t.config.s3?.objectLock !== 'off') {
      const retention = await s3.send(new GetObjectRetentionCommand({ Bucket: bucket, Key: expiring.storageKey! }));
      expect(retention.Retention?.RetainUntilDate?.getTime()).toBe(expiring.lockedUntil?.getTime());
    }

    await waitFor(
      'retention to delete the recording once its lock allows',
      async () => {
        const started = await api(t, '/api/retention/run', { method: 'POST', token: admin.token });
        expect(started.status).toBe(202);
        await waitFor('the sweep to finish', async () => {
          const running = await t.prisma.retentionRun.count({ where: { finishedAt: null } });
          return running === 0;
        });
        return (await t.prisma.recording.findUniqueOrThrow({ where: { id: expiring.id } })).status === 'DELETED';
      },
      { timeoutMs: 45_000 },
    );
    expect(await versions(expiring.storageKey!)).toBe(0);
    await api(t, `/api/retention-policies/${policy.body.id}`, { method: 'PATCH', token: admin.token, body: { enabled: false } });

    const erased = await recordedCall('+14155550933', 3);
    const receipt = await api(t, '/api/erasure', { method: 'POST', token: compliance.token, body: { phone: '+14155550933', reason: 'S3 erasure test' } });
    expect(receipt.status).toBe(200);
    expect(receipt.body.deleted.map((d: { recordingId: string }) => d.recordingId)).toEqual([erased.id]);
    expect(await versions(erased.storageKey!)).toBe(0);
  });
});
