import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../../../test/test-app';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports PostgreSQL, Redis and storage up, without a token', async () => {
    const response = await fetch(`${t.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { database: 'up', redis: 'up', storage: 'up' } });
  });

  it('answers 503 naming what is down when storage is not writable', async () => {
    // A regular file where the directory should be: no process, root included, can write there.
    const notADirectory = join(mkdtempSync(join(tmpdir(), 'callrec-health-')), 'recordings');
    writeFileSync(notADirectory, 'not a directory');
    const broken = await startTestApp({ RECORDINGS_DIR: notADirectory });
    try {
      const response = await fetch(`${broken.url}/api/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'error', checks: { storage: 'down', database: 'up' } });
    } finally {
      await broken.close();
    }
  });
});
