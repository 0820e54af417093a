import { createHash } from 'node:crypto';
import { downloadedRecording } from '../../../test/encrypted-recordings';
import { seedStoredRecordings } from '../../../test/recording-fixtures';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { testKeyring } from '../../../test/test-keys';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * MEDIA_DELIVERY=redirect with a keyring (s3 tier): a presigned link to an encrypted object
 * would serve ciphertext, so those rows are proxied and decrypted by the API, and their media
 * token says so; unencrypted rows of the same app are still redirected.
 */
describe('media by redirect, for encrypted recordings', () => {
  let t: TestApp;
  let agent: TestUser;
  let compliance: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ ...testKeyring('k1'), MEDIA_DELIVERY: 'redirect' });
    agent = await createUser(t, 'AGENT');
    compliance = await createUser(t, 'COMPLIANCE');
  });
  afterAll(() => t?.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { redirect: 'manual', headers: { authorization: `Bearer ${compliance.token}`, ...headers } });

  it('proxies an encrypted row (no 302), serving the plaintext, and its media token says delivery "proxy"', async () => {
    expect(t.config.storageDriver).toBe('s3');
    const { row, plain } = await downloadedRecording(t, agent, 3);
    expect(row).toMatchObject({ encrypted: true, storageBackend: 'S3' });

    const minted = await api(t, `/api/recordings/${row.id}/media-token`, { method: 'POST', token: compliance.token });
    expect(minted.status).toBe(200);
    expect(minted.body.delivery).toBe('proxy');

    for (const path of [minted.body.streamUrl as string, `/api/recordings/${row.id}/download`]) {
      const whole = await get(path);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('location')).toBeNull();
      expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(row.sha256);
    }
    const range = await get(minted.body.streamUrl, { range: 'bytes=65530-65545' });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(plain.subarray(65530, 65546))).toBe(true);
  });

  it('still redirects an unencrypted row of the same app', async () => {
    const [seeded] = await seedStoredRecordings(t, [{ agentId: agent.id, daysAgo: 1, bytes: 20_000 }]);
    const minted = await api(t, `/api/recordings/${seeded.id}/media-token`, { method: 'POST', token: compliance.token });
    expect(minted.body.delivery).toBe('redirect');
    expect((await get(`/api/recordings/${seeded.id}/stream`)).status).toBe(302);
  });
});
