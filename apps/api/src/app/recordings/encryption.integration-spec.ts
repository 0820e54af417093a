import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { downloadedRecording, DownloadedRecording } from '../../../test/encrypted-recordings';
import { putStoredObject, storedBytes } from '../../../test/stored-objects';
import { api, createUser, startTestApp, TestApp, TestUser } from '../../../test/test-app';
import { testKeyring } from '../../../test/test-keys';
import { CHUNK_BYTES, CHUNK_OVERHEAD, HEADER_BYTES, NONCE_BYTES, sealedSize } from '../../services/crypto/chunked-gcm';
import { AudioInspector } from './download/audio-inspector';

const CAP = 100_000;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Encryption at rest (design 9.5), the read path: what a keyring's downloads leave in the store
 * is not the audio, and everything served from it is the audio, byte for byte, ranges included.
 * Store-agnostic: it also runs on the s3 tier (RECORDING_SPECS_ON_S3).
 */
describe('encrypted recordings: stored sealed, served as the plaintext', () => {
  let t: TestApp;
  let agent: TestUser;
  let compliance: TestUser;
  let supervisor: TestUser;
  /** Ten seconds of two-channel WAV: about 320 KB, five chunks. */
  let sealed: DownloadedRecording;

  beforeAll(async () => {
    t = await startTestApp({ ...testKeyring('k1'), STREAM_MAX_RANGE_BYTES: String(CAP) });
    agent = await createUser(t, 'AGENT');
    compliance = await createUser(t, 'COMPLIANCE');
    supervisor = await createUser(t, 'SUPERVISOR');
    sealed = await downloadedRecording(t, agent, 10);
  });
  afterAll(() => t?.close());

  async function get(path: string, headers: Record<string, string> = {}, user: TestUser = compliance, method = 'GET') {
    const response = await fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${user.token}`, ...headers } });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  }
  const stream = (recording: DownloadedRecording) => `/api/recordings/${recording.row.id}/stream`;

  it('leaves ciphertext in the store under a .enc key, with its data key wrapped by k1', async () => {
    const { row, plain } = sealed;
    expect(plain.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(sha256(plain)).toBe(row.sha256);
    expect(row).toMatchObject({ encrypted: true, sizeBytes: plain.length, keyShreddedAt: null });
    expect(row.storageKey).toMatch(new RegExp(`^\\d{4}/\\d{2}/\\d{2}/${row.twilioRecordingSid}\\.wav\\.enc$`));
    expect(plain.length).toBeGreaterThan(4 * CHUNK_BYTES);

    const stored = await storedBytes(t, row.storageKey, row.storageBackend);
    expect(stored.length).toBe(sealedSize(row.sizeBytes));
    expect(stored.subarray(0, 4).toString('latin1')).not.toBe('RIFF');
    expect(stored.includes(plain.subarray(0, 44))).toBe(false);
    expect(stored.includes(plain.subarray(100_000, 100_064))).toBe(false);
    expect(sha256(stored)).not.toBe(row.sha256);

    const key = await t.prisma.recordingKey.findUniqueOrThrow({ where: { recordingId: row.id } });
    expect(key.kekId).toBe('k1');
    expect(key.wrappedDek.length).toBeGreaterThan(32);
  });

  it('downloads the whole plaintext: its SHA-256 is the row\'s and the emulator\'s', async () => {
    const { row, plain } = sealed;
    const { response, body } = await get(`/api/recordings/${row.id}/download`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(plain.length));
    expect(response.headers.get('etag')).toBe(`"${row.sha256}"`);
    expect(sha256(body)).toBe(row.sha256);
    expect(body.equals(plain)).toBe(true);
    const metadata = await api(t, `/api/recordings/${row.id}/metadata`, { token: compliance.token });
    expect(metadata.body).toMatchObject({ sha256: sha256(body), sizeBytes: body.length });
  });

  it('answers ranges byte-exact: at chunk boundaries, across chunks, suffixes, open ranges, first and last byte', async () => {
    const { plain } = sealed;
    const size = plain.length;
    const cases: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      ['bytes=65535-65536', 65535, 65536],
      ['bytes=65536-131071', 65536, 131071],
      ['bytes=65535-65535', 65535, 65535],
      ['bytes=131072-131072', 131072, 131072],
      ['bytes=1000-250000', 1000, 250000],
      ['bytes=-500', size - 500, size - 1],
      [`bytes=${3 * CHUNK_BYTES + 17}-`, 3 * CHUNK_BYTES + 17, size - 1],
      [`bytes=${4 * CHUNK_BYTES}-`, 4 * CHUNK_BYTES, size - 1],
      [`bytes=${size - 1}-${size - 1}`, size - 1, size - 1],
      ['bytes=-1', size - 1, size - 1],
      [`bytes=${size - 10}-${size + 1000}`, size - 10, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const { response, body } = await get(stream(sealed), { range });
      expect({ range, status: response.status, contentRange: response.headers.get('content-range') }).toEqual({
        range,
        status: 206,
        contentRange: `bytes ${start}-${end}/${size}`,
      });
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      expect({ range, exact: body.equals(plain.subarray(start, end + 1)) }).toEqual({ range, exact: true });
    }
    const beyond = await get(stream(sealed), { range: `bytes=${size}-` });
    expect(beyond.response.status).toBe(416);
    expect(beyond.response.headers.get('content-range')).toBe(`bytes */${size}`);
    expect(beyond.response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('caps a role limited by STREAM_MAX_RANGE_BYTES as before, and a player assembles the exact plaintext', async () => {
    const { plain } = sealed;
    const size = plain.length;
    for (const [range, start, end] of [
      [undefined, 0, CAP - 1],
      [`bytes=60000-`, 60000, 60000 + CAP - 1],
      [`bytes=-${CAP + 5000}`, size - CAP - 5000, size - 5001],
    ] as const) {
      const { response, body } = await get(stream(sealed), range ? { range } : {}, supervisor);
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(body.equals(plain.subarray(start, end + 1))).toBe(true);
    }
    const received = Buffer.alloc(size);
    let at = 0;
    while (at < size) {
      const { response, body } = await get(stream(sealed), { range: `bytes=${at}-` }, supervisor);
      expect(response.status).toBe(206);
      expect(body.length).toBeLessThanOrEqual(CAP);
      body.copy(received, at);
      at += body.length;
    }
    expect(received.equals(plain)).toBe(true);
  });

  it('keeps ETag, If-None-Match, If-Range and HEAD as for any recording', async () => {
    const { row, plain } = sealed;
    const etag = `"${row.sha256}"`;
    expect((await get(stream(sealed), { 'if-none-match': etag })).response.status).toBe(304);
    const fresh = await get(stream(sealed), { range: 'bytes=70000-70099', 'if-range': etag });
    expect(fresh.response.status).toBe(206);
    expect(fresh.body.equals(plain.subarray(70000, 70100))).toBe(true);
    const stale = await get(stream(sealed), { range: 'bytes=70000-70099', 'if-range': '"stale"' });
    expect(stale.response.status).toBe(200);
    expect(stale.body.equals(plain)).toBe(true);
    const head = await get(stream(sealed), {}, compliance, 'HEAD');
    expect(head.response.status).toBe(200);
    expect(head.response.headers.get('content-length')).toBe(String(plain.length));
    expect(head.response.headers.get('etag')).toBe(etag);
    expect(head.body.length).toBe(0);
  });

  it('keeps the waveform computed from the plaintext', async () => {
    const inspector = new AudioInspector(true);
    await pipeline(Readable.from([sealed.plain]), inspector, new Writable({ write: (_chunk, _encoding, done) => done() }));
    const peaks = await api(t, `/api/recordings/${sealed.row.id}/peaks`, { token: supervisor.token });
    expect(peaks.status).toBe(200);
    expect(peaks.body).toEqual(inspector.result().peaks);
  });

  describe('an object altered in the store', () => {
    let altered: DownloadedRecording;

    beforeAll(async () => {
      altered = await downloadedRecording(t, agent, 10);
      // One ciphertext byte of chunk 2 (plaintext 131072-196607), past its nonce.
      await alterChunk(altered, 2);
    });

    it('answers a range inside the altered chunk with a 500 (JSON) naming the integrity failure, and no audio', async () => {
      for (const path of [stream(altered), `/api/recordings/${altered.row.id}/download`]) {
        const { response, body } = await get(path, { range: 'bytes=140000-140999' });
        expect(response.status).toBe(500);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.headers.get('content-disposition')).toBeNull();
        expect(response.headers.get('content-range')).toBeNull();
        const answer = JSON.parse(body.toString('utf8')) as { message: string };
        expect(answer.message).toContain(altered.row.id);
        expect(answer.message).toMatch(/integrity check: chunk 2 \(plaintext bytes 131072-196607\)/);
        expect(body.includes(altered.plain.subarray(140000, 140016))).toBe(false);
      }
    });

    it('still serves a range in an intact chunk', async () => {
      const { response, body } = await get(stream(altered), { range: 'bytes=100-65635' });
      expect(response.status).toBe(206);
      expect(body.equals(altered.plain.subarray(100, 65636))).toBe(true);
    });

    it('never delivers the altered bytes in a whole-file GET or a range across them', async () => {
      // Which answer comes depends on how much the store hands over before the status goes out:
      // a 500 when the altered chunk is among it, else a response cut short before that chunk.
      for (const [path, headers, start] of [
        [`/api/recordings/${altered.row.id}/download`, {}, 0],
        [stream(altered), { range: 'bytes=70000-250000' }, 70000],
      ] as const) {
        const arrived = await readWhatArrives(`${t.url}${path}`, compliance.token, headers);
        if (arrived.status === 500) {
          expect(JSON.parse(arrived.body.toString('utf8')).message).toMatch(/integrity check: chunk 2/);
        } else {
          expect(arrived.body.length).toBeLessThanOrEqual(2 * CHUNK_BYTES - start);
          expect(arrived.body.equals(altered.plain.subarray(start, start + arrived.body.length))).toBe(true);
        }
      }
    });

    it('never serves a later altered chunk of a whole-file GET: a clean 500, or the plaintext before it and then a cut', async () => {
      const late = await downloadedRecording(t, agent, 10);
      // The last chunk. Whether it is opened before the status goes out depends on how much the
      // store hands over in its first read (local disk reads up to 1 MiB of a range at once), so
      // both answers are right; altered bytes never are.
      await alterChunk(late, 4);
      const arrived = await readWhatArrives(`${t.url}/api/recordings/${late.row.id}/download`, compliance.token);
      if (arrived.status === 500) {
        expect(JSON.parse(arrived.body.toString('utf8')).message).toMatch(/integrity check: chunk 4/);
      } else {
        expect(arrived.status).toBe(200);
        expect(arrived.body.length).toBeLessThanOrEqual(4 * CHUNK_BYTES);
        expect(arrived.body.equals(late.plain.subarray(0, arrived.body.length))).toBe(true);
      }
      // The chunks before it still play.
      const { response, body } = await get(stream(late), { range: `bytes=${3 * CHUNK_BYTES}-${4 * CHUNK_BYTES - 1}` });
      expect(response.status).toBe(206);
      expect(body.equals(late.plain.subarray(3 * CHUNK_BYTES, 4 * CHUNK_BYTES))).toBe(true);
    });
  });

  /** Flips one ciphertext bit of chunk `index` of the recording's stored object, behind the product's back. */
  async function alterChunk(recording: DownloadedRecording, index: number): Promise<void> {
    const stored = await storedBytes(t, recording.row.storageKey, recording.row.storageBackend);
    stored[HEADER_BYTES + index * (CHUNK_BYTES + CHUNK_OVERHEAD) + NONCE_BYTES + 1000] ^= 0x01;
    await putStoredObject(t, recording.row.storageKey, stored, recording.row.storageBackend);
  }
});

/** The status, and the body bytes that arrive before the response ends or fails (a response cut short errors the read). */
async function readWhatArrives(url: string, token: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const parts: Buffer[] = [];
  try {
    for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) parts.push(Buffer.from(part));
  } catch {
    // Cut short: what came before is what the assertion is about.
  }
  return { status: response.status, body: Buffer.concat(parts) };
}
