import { createHash } from 'node:crypto';
import { downloadedRecording, DownloadedRecording, keyMaterial, sameStoreAs } from '../../../test/encrypted-recordings';
import { seedStoredRecordings } from '../../../test/recording-fixtures';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { testKeyring } from '../../../test/test-keys';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Encryption at rest (design 9.5), keys on the read path: rows stored before encryption, a
 * replica without the recording's KEK, a destroyed data key, and what the metadata says.
 * Store-agnostic: it also runs on the s3 tier (RECORDING_SPECS_ON_S3).
 */
describe('encrypted recordings: keys on the read path', () => {
  let t: TestApp;
  let agent: TestUser;
  let compliance: TestUser;
  let sealed: DownloadedRecording;

  beforeAll(async () => {
    t = await startTestApp(testKeyring('k1'));
    agent = await createUser(t, 'AGENT');
    compliance = await createUser(t, 'COMPLIANCE');
    sealed = await downloadedRecording(t, agent, 3);
  });
  afterAll(() => t?.close());

  async function get(app: TestApp, path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${compliance.token}`, ...headers } });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  }

  it('still plays recordings stored unencrypted before the keyring was set (mixed rows)', async () => {
    const keyless = await startTestApp(sameStoreAs(t));
    let before: DownloadedRecording;
    try {
      before = await downloadedRecording(t, agent, 2, keyless);
    } finally {
      await keyless.close();
    }
    expect(before.row).toMatchObject({ encrypted: false });
    expect(before.row.storageKey.endsWith('.wav')).toBe(true);
    expect(await t.prisma.recordingKey.count({ where: { recordingId: before.row.id } })).toBe(0);
    const whole = await get(t, `/api/recordings/${before.row.id}/download`);
    expect(whole.response.status).toBe(200);
    expect(whole.body.equals(before.plain)).toBe(true);
    const range = await get(t, `/api/recordings/${before.row.id}/stream`, { range: 'bytes=30000-30015' });
    expect(range.response.status).toBe(206);
    expect(range.body.equals(before.plain.subarray(30000, 30016))).toBe(true);

    const [seeded] = await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 1, bytes: 70_000 }]);
    const streamed = await get(t, `/api/recordings/${seeded.id}/stream`);
    expect(streamed.response.status).toBe(200);
    expect(sha256(streamed.body)).toBe(seeded.sha256);

    const metadata = await api(t, `/api/recordings/${before.row.id}/metadata`, { token: compliance.token });
    expect(metadata.body.storage).toMatchObject({ encrypted: false, kekId: null });
    expect(metadata.body.keyShreddedAt).toBeNull();
  });

  it('answers 503 naming the missing KEK on a replica whose keyring lacks it, and never any key material', async () => {
    const other = await startTestApp({ ...testKeyring('k2'), ...sameStoreAs(t) });
    try {
      const secrets = await keyMaterial(t, sealed.row.id, ['k1', 'k2']);
      for (const path of [`/api/recordings/${sealed.row.id}/stream`, `/api/recordings/${sealed.row.id}/download`]) {
        for (const headers of [{}, { range: 'bytes=10-20' }] as Record<string, string>[]) {
          const { response, body } = await get(other, path, headers);
          expect(response.status).toBe(503);
          expect(response.headers.get('content-type')).toMatch(/^application\/json/);
          const text = body.toString('utf8');
          expect(JSON.parse(text).message).toMatch(/key-encryption key "k1" is not in this process's keyring/);
          for (const secret of secrets) expect(text).not.toContain(secret);
        }
      }
    } finally {
      await other.close();
    }
  });

  it('answers 500 "key destroyed" for an encrypted recording whose data key row is gone, and never any key material', async () => {
    const shredded = await downloadedRecording(t, agent, 2);
    const secrets = await keyMaterial(t, shredded.row.id, ['k1']);
    await t.prisma.recordingKey.delete({ where: { recordingId: shredded.row.id } });
    for (const headers of [{}, { range: 'bytes=0-99' }] as Record<string, string>[]) {
      const { response, body } = await get(t, `/api/recordings/${shredded.row.id}/stream`, headers);
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const text = body.toString('utf8');
      expect(JSON.parse(text).message).toBe(
        `Recording ${shredded.row.id} is encrypted but has no data key: it was destroyed (crypto-shredded), so the audio cannot be read`,
      );
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(body.includes(shredded.plain.subarray(0, 44))).toBe(false);
    }
  });

  it('says in the metadata that a recording is encrypted and under which KEK (the id only), and when a deleted one\'s key was destroyed', async () => {
    const secrets = await keyMaterial(t, sealed.row.id, ['k1']);
    const metadata = await api(t, `/api/recordings/${sealed.row.id}/metadata`, { token: compliance.token });
    expect(metadata.status).toBe(200);
    expect(metadata.body.storage).toEqual({ backend: sealed.row.storageBackend, lockedUntil: null, legalHold: false, encrypted: true, kekId: 'k1' });
    expect(metadata.body.keyShreddedAt).toBeNull();
    const text = JSON.stringify(metadata.body);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain('wrappedDek');

    // A tombstone as crypto-shredding leaves it: no storage, the key's destruction dated.
    const gone = await downloadedRecording(t, agent, 2);
    const shreddedAt = new Date('2026-11-30T10:00:00.000Z');
    await t.prisma.$transaction([
      t.prisma.recordingKey.delete({ where: { recordingId: gone.row.id } }),
      t.prisma.recording.update({
        where: { id: gone.row.id },
        data: { status: 'DELETED', deletedAt: shreddedAt, deletionReason: 'test', keyShreddedAt: shreddedAt },
      }),
    ]);
    const tombstone = await api(t, `/api/recordings/${gone.row.id}/metadata`, { token: compliance.token });
    expect(tombstone.body).toMatchObject({ status: 'DELETED', storage: null, keyShreddedAt: shreddedAt.toISOString() });
  });
});
