import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { spoolStream, UploadTooLargeError } from './upload-spool';

describe('spoolStream', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callrec-spool-spec-'));

  it('writes the upload as it arrives and keeps its first line', async () => {
    const path = join(dir, 'a.csv');
    const chunks = ['phone,na', 'me\r\n+12015550101,Ann\n', '+12015550102,Bob\n'];
    const spooled = await spoolStream(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), path, 1024);
    expect(spooled).toEqual({ bytes: chunks.join('').length, firstLine: 'phone,name\r' });
    expect(readFileSync(path, 'utf8')).toBe(chunks.join(''));
  });

  it('stops past the limit and removes the partial file', async () => {
    const path = join(dir, 'b.csv');
    const source = Readable.from([Buffer.alloc(600, 'a'), Buffer.alloc(600, 'b')]);
    await expect(spoolStream(source, path, 1000)).rejects.toThrow(UploadTooLargeError);
    expect(existsSync(path)).toBe(false);
  });

  it('reports no first line when the header runs past 64 KB', async () => {
    const path = join(dir, 'c.csv');
    const spooled = await spoolStream(Readable.from([Buffer.alloc(70 * 1024, 'x')]), path, 1024 * 1024);
    expect(spooled.firstLine).toBeNull();
  });
});
