import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TEST_DATABASE_URL } from '../../../test/test-config';

/**
 * CallRecord."recordingState" is written only by the database's trigger on "Recording"
 * (migration 20261205300000_call_recording_state); coverage counts nothing else. These checks
 * write recordings the way any code path might (insert, status updates, a move, deletes) and
 * read the state the trigger left.
 */
describe('the trigger that keeps a call’s recording state', () => {
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  let agentId: string;

  beforeAll(async () => {
    await db.connect();
    agentId = randomUUID();
    await db.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, 'State Agent', 'not-a-login', 'AGENT', now())`,
      [agentId, `state-${agentId}@example.com`],
    );
  });

  afterAll(async () => {
    await db.query(`DELETE FROM "CallRecord" WHERE "agentId" = $1`, [agentId]);
    await db.query(`DELETE FROM "User" WHERE id = $1`, [agentId]);
    await db.end();
  });

  async function newCall(): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO "CallRecord" (id, "agentId", "fromNumber", "toNumber", status, "durationSeconds", "updatedAt")
       VALUES ($1, $2, '+15005550006', '+15005550002', 'completed', 30, now())`,
      [id, agentId],
    );
    return id;
  }

  async function addRecording(callId: string, status: string): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO "Recording" (id, "callRecordId", "twilioRecordingSid", status, "updatedAt") VALUES ($1, $2, $3, $4, now())`,
      [id, callId, `RE${id.replace(/-/g, '')}`, status],
    );
    return id;
  }

  const setStatus = (recordingId: string, status: string) =>
    db.query(`UPDATE "Recording" SET status = $2 WHERE id = $1`, [recordingId, status]);
  const stateOf = async (callId: string) =>
    (await db.query<{ recordingState: string }>(`SELECT "recordingState" FROM "CallRecord" WHERE id = $1`, [callId])).rows[0]
      .recordingState;

  it('follows a recording from its callback to stored, and counts a lawful deletion as recorded', async () => {
    const call = await newCall();
    expect(await stateOf(call)).toBe('NONE');
    const rec = await addRecording(call, 'PENDING');
    expect(await stateOf(call)).toBe('PENDING');
    await setStatus(rec, 'DOWNLOADING');
    expect(await stateOf(call)).toBe('PENDING');
    await setStatus(rec, 'FAILED');
    expect(await stateOf(call)).toBe('FAILED');
    await setStatus(rec, 'PENDING'); // an ADMIN's retry
    expect(await stateOf(call)).toBe('PENDING');
    await setStatus(rec, 'STORED');
    expect(await stateOf(call)).toBe('RECORDED');
    await setStatus(rec, 'DELETING');
    await setStatus(rec, 'DELETED');
    expect(await stateOf(call)).toBe('RECORDED');
  });

  it('lets the best of several recordings decide, and forgets a recording removed or moved away', async () => {
    const call = await newCall();
    const absent = await addRecording(call, 'ABSENT');
    expect(await stateOf(call)).toBe('ABSENT');
    const failed = await addRecording(call, 'FAILED');
    expect(await stateOf(call)).toBe('ABSENT');
    const stored = await addRecording(call, 'STORED');
    expect(await stateOf(call)).toBe('RECORDED');
    await db.query(`DELETE FROM "Recording" WHERE id = $1`, [stored]);
    expect(await stateOf(call)).toBe('ABSENT');
    await db.query(`DELETE FROM "Recording" WHERE id = $1`, [absent]);
    expect(await stateOf(call)).toBe('FAILED');

    const other = await newCall();
    await db.query(`UPDATE "Recording" SET "callRecordId" = $2 WHERE id = $1`, [failed, other]);
    expect(await stateOf(call)).toBe('NONE');
    expect(await stateOf(other)).toBe('FAILED');
  });

  it('changes many recordings in one statement and still leaves each call right', async () => {
    const calls = [await newCall(), await newCall()];
    const recordings = [
      await addRecording(calls[0], 'PENDING'),
      await addRecording(calls[0], 'PENDING'),
      await addRecording(calls[1], 'PENDING'),
    ];
    await db.query(`UPDATE "Recording" SET status = 'STORED' WHERE id = ANY($1::uuid[]) AND "callRecordId" = $2`, [recordings, calls[0]]);
    expect([await stateOf(calls[0]), await stateOf(calls[1])]).toEqual(['RECORDED', 'PENDING']);
    // A call deleted with its recordings (the cascade fires the trigger for a call already gone).
    await db.query(`DELETE FROM "CallRecord" WHERE id = $1`, [calls[1]]);
    expect((await db.query(`SELECT 1 FROM "Recording" WHERE "callRecordId" = $1`, [calls[1]])).rowCount).toBe(0);
  });
});
