import { mkdtempSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';
import { ContactImportRunner } from './contact-import.runner';

/** Header, then lines 2–12 (line 7 blank, lines 10–11 one quoted two-line name): CRLF, a BOM, an extra column. */
const SAMPLE = [
  '\uFEFFExternal_ID,Phone,Name,Notes',
  'c1,(201) 555-0101,"Smith, Jane",vip',
  'c2,+1 201 555 0102,Bob,',
  'c1,+12015550103,Dup,',
  'c3,12345,Bad,',
  'c4,+12015550104,Too,many,fields',
  '',
  ',+12015550105,"Quote ""Q"" Person",x',
  ',201-555-0105,Again,x',
  'c5,"+12015550106","Multi',
  'Line",',
  'c6,+12015550107,Last,end',
  '',
].join('\r\n');
const SAMPLE_ERRORS = [
  { line: 4, message: 'Duplicate of line 2' },
  { line: 5, message: '"12345" is not a valid phone number' },
  { line: 6, message: 'The line has 5 fields; the header has 4' },
  { line: 9, message: 'Duplicate of line 8' },
];

describe('CSV imports of contacts', () => {
  let t: TestApp;
  let admin: TestUser;
  let compliance: TestUser;
  let spoolDir: string;

  beforeAll(async () => {
    spoolDir = mkdtempSync(join(tmpdir(), 'callrec-imports-'));
    t = await startTestApp({ IMPORT_SPOOL_DIR: spoolDir, IMPORT_MAX_ERRORS: '3' });
    admin = await createUser(t, 'ADMIN');
    compliance = await createUser(t, 'COMPLIANCE');
  });
  afterAll(() => t.close());

  async function newList(name: string): Promise<string> {
    return (await api(t, '/api/data-lists', { method: 'POST', token: admin.token, body: { name } })).body.id;
  }

  async function upload(listId: string, body: string, type = 'text/csv') {
    return api(t, `/api/data-lists/${listId}/import`, { method: 'POST', token: admin.token, body, headers: { 'content-type': type } });
  }

  async function finished(importId: string) {
    return waitFor(
      `import ${importId} to finish`,
      async () => {
        const status = await api(t, `/api/imports/${importId}`, { token: compliance.token });
        return ['completed', 'failed'].includes(status.body.status) && status.body;
      },
      { timeoutMs: 60_000 },
    );
  }

  it('imports valid lines, rejects duplicates, bad numbers and malformed lines by line, and is idempotent', async () => {
    const listId = await newList('Import sample');
    const accepted = await upload(listId, SAMPLE);
    expect(accepted.status).toBe(202);
    const first = await finished(accepted.body.importId);
    // IMPORT_MAX_ERRORS is 3: the report keeps the first three, `rejected` counts all four.
    expect(first).toMatchObject({ status: 'completed', total: 9, imported: 5, updated: 0, rejected: 4, failure: null });
    expect(first.errors).toEqual(SAMPLE_ERRORS.slice(0, 3));
    const contacts = await t.prisma.contact.findMany({ where: { dataListId: listId }, orderBy: { phone: 'asc' } });
    expect(contacts.map((c) => [c.externalId, c.phone, c.name])).toEqual([
      ['c1', '+12015550101', 'Smith, Jane'],
      ['c2', '+12015550102', 'Bob'],
      [null, '+12015550105', 'Quote "Q" Person'],
      ['c5', '+12015550106', 'Multi\r\nLine'],
      ['c6', '+12015550107', 'Last'],
    ]);
    // The audit and the spool file's removal follow the commit that marks the import completed.
    const audits = await waitFor('CONTACTS_IMPORT_FINISHED', async () => {
      const events = await t.prisma.auditEvent.findMany({
        where: { action: { in: ['CONTACTS_IMPORT_STARTED', 'CONTACTS_IMPORT_FINISHED'] } },
        orderBy: { seq: 'asc' },
      });
      const mine = events.filter((a) => (a.details as { importId?: string }).importId === accepted.body.importId);
      return mine.length === 2 && mine;
    });
    expect(audits.map((a) => a.action)).toEqual(['CONTACTS_IMPORT_STARTED', 'CONTACTS_IMPORT_FINISHED']);
    expect(audits[1].details).toMatchObject({ status: 'completed', total: 9, imported: 5, updated: 0, rejected: 4 });
    expect(readdirSync(spoolDir)).toEqual([]);

    const again = await finished((await upload(listId, SAMPLE)).body.importId);
    expect(again).toMatchObject({ status: 'completed', total: 9, imported: 0, updated: 5, rejected: 4 });
    expect(await t.prisma.contact.count({ where: { dataListId: listId } })).toBe(5);

    const recent = await api(t, `/api/data-lists/${listId}/imports`, { token: admin.token });
    expect(recent.body.map((i: { id: string }) => i.id)).toEqual([again.id, first.id]);
  });

  it('takes a multipart file, and reports an unclosed quote as a rejected line', async () => {
    const listId = await newList('Import multipart');
    const form = new FormData();
    form.append('note', 'ignored');
    const csv = 'phone,name\n+12015550201,Ann\n+12015550202,"Never closed\n+12015550203,Lost\n';
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'contacts.csv');
    const response = await fetch(`${t.url}/api/data-lists/${listId}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}` },
      body: form,
    });
    expect(response.status).toBe(202);
    const done = await finished(((await response.json()) as { importId: string }).importId);
    expect(done).toMatchObject({ status: 'completed', total: 2, imported: 1, rejected: 1 });
    expect(done.errors).toEqual([{ line: 3, message: expect.stringMatching(/^A quoted field is never closed/) }]);
  });

  it('refuses an unknown list, an empty body, a header without phone and another content type, creating nothing', async () => {
    const listId = await newList('Import refusals');
    const before = await t.prisma.contactImport.count();
    const unknown = await upload('5f0c6f8e-0000-4000-8000-000000000009', SAMPLE);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Data list 5f0c6f8e-0000-4000-8000-000000000009 does not exist');
    const empty = await upload(listId, '');
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/^The CSV is empty/);
    const noPhone = await upload(listId, 'name,email\nJane,j@example.com\n');
    expect(noPhone.status).toBe(400);
    expect(noPhone.body.message).toBe('The CSV header has no phone column (expected phone,name,external_id; found name,email)');
    const json = await upload(listId, '{"phone":"+12015550101"}', 'application/json');
    expect(json.status).toBe(415);
    const agent = await createUser(t, 'AGENT');
    const forbidden = await api(t, `/api/data-lists/${listId}/import`, {
      method: 'POST',
      token: agent.token,
      body: SAMPLE,
      headers: { 'content-type': 'text/csv' },
    });
    expect(forbidden.status).toBe(403);
    expect(await t.prisma.contactImport.count()).toBe(before);
    await waitFor('no file left in the spool directory', async () => readdirSync(spoolDir).length === 0);
  });

  it('answers 413 past IMPORT_MAX_BYTES, raw or multipart, and keeps no partial file', async () => {
    const smallDir = mkdtempSync(join(tmpdir(), 'callrec-imports-small-'));
    const small = await startTestApp({ IMPORT_SPOOL_DIR: smallDir, IMPORT_MAX_BYTES: '2048' });
    try {
      const listId = await newList('Import too large');
      const big = `phone,name\n${'+12015550101,Someone with a long name\n'.repeat(200)}`;
      const raw = await api(small, `/api/data-lists/${listId}/import`, {
        method: 'POST',
        token: admin.token,
        body: big,
        headers: { 'content-type': 'text/csv' },
      });
      expect(raw.status).toBe(413);
      expect(raw.body.message).toBe('The CSV is larger than the import limit of 2048 bytes (IMPORT_MAX_BYTES)');
      const form = new FormData();
      form.append('file', new Blob([big], { type: 'text/csv' }), 'big.csv');
      const multipart = await fetch(`${small.url}/api/data-lists/${listId}/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}` },
        body: form,
      });
      expect(multipart.status).toBe(413);
      expect(((await multipart.json()) as { message: string }).message).toBe(
        'The CSV is larger than the import limit of 2048 bytes (IMPORT_MAX_BYTES)',
      );
      expect(readdirSync(smallDir)).toEqual([]);
      expect(await t.prisma.contactImport.count({ where: { dataListId: listId } })).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('starts an interrupted import over and ends with the counts of one clean run, audited once', async () => {
    const listId = await newList('Import rerun');
    const row = await t.prisma.contactImport.create({
      data: { dataListId: listId, createdById: admin.id, spoolKey: 'rerun.csv', status: 'running', total: 7, imported: 3, rejected: 1 },
    });
    await writeFile(join(spoolDir, 'rerun.csv'), SAMPLE);
    const runner = t.app.get(ContactImportRunner, { strict: false });
    await runner.run(row.id, false);
    const done = await api(t, `/api/imports/${row.id}`, { token: admin.token });
    expect(done.body).toMatchObject({ status: 'completed', total: 9, imported: 5, updated: 0, rejected: 4 });
    await runner.run(row.id, false);
    const finishedEvents = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'CONTACTS_IMPORT_FINISHED' AND details->>'importId' = ${row.id}`;
    expect(finishedEvents[0].n).toBe(1);
    expect(readdirSync(spoolDir)).not.toContain('rerun.csv');
  });
});
