import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';

const ROWS = Number(process.env['VOLUME_ROWS'] ?? 200_000);

/** A full collection, so the baseline and the after-figure hold live memory only, not garbage V8 has yet to collect. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
/** Data row i sits on line i + 1. Every 20,000th has a bad number; the one after it repeats row 1's external id. */
const isBad = (i: number) => i % 20_000 === 0;
const isDuplicate = (i: number) => i % 20_000 === 1 && i > 1;
/** 10 bad numbers (lines 20,001 … 200,001) and 9 duplicates (lines 20,002 … 180,002). */
const REJECTED = Math.floor(ROWS / 20_000) * 2 - (ROWS % 20_000 === 0 ? 1 : 0);

/** Written a line at a time with backpressure: the file never sits in this process's memory. */
async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('phone,name,external_id,segment\n');
  for (let i = 1; i <= ROWS; i += 1) {
    const phone = isBad(i) ? '12345' : `+1201${2_000_000 + i}`;
    const externalId = isDuplicate(i) ? 'ext-1' : `ext-${i}`;
    await write(`${phone},"Contact ${i}, Esq.",${externalId},s${i % 7}\n`);
  }
  out.end();
  await once(out, 'finish');
}

describe('a 200,000-line CSV import', () => {
  let t: TestApp;
  let admin: TestUser;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'callrec-import-volume-'));
    t = await startTestApp({ IMPORT_SPOOL_DIR: join(workDir, 'spool') });
    admin = await createUser(t, 'ADMIN');
  });
  afterAll(async () => {
    await t.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('imports every valid line with exact counts while the memory of the process stays flat', async () => {
    const csv = join(workDir, 'contacts.csv');
    await writeCsv(csv);
    const listId = (await api(t, '/api/data-lists', { method: 'POST', token: admin.token, body: { name: 'Volume list' } })).body.id;

    collectGarbage();
    const baseline = process.memoryUsage().rss;
    const baseHeap = process.memoryUsage().heapUsed;
    let peak = baseline;
    let peakHeap = baseHeap;
    let peakExternal = 0;
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      peak = Math.max(peak, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
      peakExternal = Math.max(peakExternal, usage.external);
    }, 50);
    try {
      // Streamed, chunked (no Content-Length): the API counts the bytes as they arrive.
      const response = await fetch(`${t.url}/api/data-lists/${listId}/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv' },
        body: Readable.toWeb(createReadStream(csv)) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(202);
      const { importId } = (await response.json()) as { importId: string };
      const done = await waitFor(
        'the import to finish',
        async () => {
          const status = await api(t, `/api/imports/${importId}`, { token: admin.token });
          return ['completed', 'failed'].includes(status.body.status) && status.body;
        },
        { timeoutMs: 240_000, intervalMs: 500 },
      );
      expect(done).toMatchObject({
        status: 'completed',
        total: ROWS,
        imported: ROWS - REJECTED,
        updated: 0,
        rejected: REJECTED,
        failure: null,
      });
      const expected = [];
      for (let i = 20_000; i <= ROWS; i += 20_000) {
        expected.push({ line: i + 1, message: '"12345" is not a valid phone number' });
        if (i + 1 <= ROWS) expected.push({ line: i + 2, message: 'Duplicate of line 2' });
      }
      expect(done.errors).toEqual(expected.sort((a, b) => a.line - b.line));
      expect(await t.prisma.contact.count({ where: { dataListId: listId } })).toBe(ROWS - REJECTED);
    } finally {
      clearInterval(sampler);
    }
    collectGarbage();
    const afterGcHeap = process.memoryUsage().heapUsed;
    const figures = {
      afterGcHeapMb: Math.round(afterGcHeap / 2 ** 20),
      rows: ROWS,
      baselineRssMb: Math.round(baseline / 2 ** 20),
      peakRssMb: Math.round(peak / 2 ** 20),
      growthMb: Math.round((peak - baseline) / 2 ** 20),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      baselineHeapMb: Math.round(baseHeap / 2 ** 20),
      peakHeapMb: Math.round(peakHeap / 2 ** 20),
      peakExternalMb: Math.round(peakExternal / 2 ** 20),
    };
    await writeFile('/tmp/import-rss.json', `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`import of ${ROWS} lines: ${JSON.stringify(figures)}`);
    // Generous: a file held in memory, or a Set of its keys, would pass it by far at 1,000,000 lines.
    expect(peak - baseline).toBeLessThan(200 * 2 ** 20);
    // And nothing of the file stays behind: the heap after a full collection is back where it was.
    expect(afterGcHeap - baseHeap).toBeLessThan(32 * 2 ** 20);
  }, 300_000);
});
