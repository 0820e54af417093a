import { RedisService } from '../../services/redis/redis.service';
import { LiveEventsService } from '../../services/events/live-events.service';
import { api, createUser, startTestApp, TestApp, TestUser, waitFor } from '../../../test/test-app';

/** An open event stream: what it has sent so far, and a promise that settles when it ends. */
interface OpenStream {
  text: () => string;
  ended: Promise<void>;
  close: () => void;
}

async function openStream(app: TestApp, ticket: string): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(`${app.url}/api/events?ticket=${ticket}`, { signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  let text = '';
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      text += new TextDecoder().decode(value);
    }
  })().catch(() => undefined);
  return { text: () => text, ended, close: () => controller.abort() };
}

describe('live events: single-use tickets, and streams that end with their session (real Redis)', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'ADMIN');
  });
  afterAll(() => t.close());

  const ticketFor = async (app: TestApp, token: string): Promise<string> => {
    const response = await api(app, '/api/events/ticket', { method: 'POST', token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ticket: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), expiresAt: expect.any(String) });
    return response.body.ticket as string;
  };

  it('a ticket opens the stream once; used again, unknown or expired it is refused with 401', async () => {
    const user = await createUser(t, 'SUPERVISOR');
    const ticket = await ticketFor(t, user.token);
    const stream = await openStream(t, ticket);
    try {
      await waitFor('the event on the stream', async () => {
        // Published until seen: the replica subscribes to live events when its first stream opens.
        await t.app.get(LiveEventsService).publish({ type: 'call.updated', callRecordId: 'call-for-ticket-test' });
        return stream.text().includes('call-for-ticket-test');
      });
    } finally {
      stream.close();
    }

    const again = await api(t, `/api/events?ticket=${ticket}`);
    expect(again.status).toBe(401);
    expect(again.body.message).toBe('This live-events ticket is unknown, used or expired; ask for a new one');
    expect((await api(t, '/api/events?ticket=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(401);
    expect((await api(t, '/api/events?ticket=not-even-the-right-shape')).status).toBe(401);

    const redis = t.app.get(RedisService).client;
    const stale = await ticketFor(t, user.token);
    // As 30 s later: the key's TTL runs out.
    await redis.pexpire(`callrec:events-ticket:${stale}`, 1);
    await waitFor('the ticket to expire', async () => (await redis.exists(`callrec:events-ticket:${stale}`)) === 0);
    expect((await api(t, `/api/events?ticket=${stale}`)).status).toBe(401);
  });

  it('no longer takes the access token in the URL', async () => {
    const user = await createUser(t, 'COMPLIANCE');
    const response = await api(t, `/api/events?token=${user.token}`);
    expect(response.status).toBe(401);
  });

  it('a ticket of a session that has ended since is refused', async () => {
    const user = await createUser(t, 'COMPLIANCE');
    const ticket = await ticketFor(t, user.token);
    expect((await api(t, '/api/auth/logout', { method: 'POST', token: user.token })).status).toBe(204);
    expect((await api(t, `/api/events?ticket=${ticket}`)).status).toBe(401);
  });

  it('the stream ends when its session is signed out', async () => {
    const user = await createUser(t, 'COMPLIANCE');
    const stream = await openStream(t, await ticketFor(t, user.token));
    expect((await api(t, '/api/auth/logout', { method: 'POST', token: user.token })).status).toBe(204);
    await stream.ended;
  });

  it('a revocation made through one replica ends the stream another replica holds', async () => {
    const replica = await startTestApp();
    try {
      const user = await createUser(t, 'SUPERVISOR');
      const stream = await openStream(replica, await ticketFor(replica, user.token));
      const other = await createUser(t, 'SUPERVISOR');
      const bystander = await openStream(replica, await ticketFor(replica, other.token));

      expect((await api(t, `/api/users/${user.id}`, { method: 'PATCH', token: admin.token, body: { role: 'AGENT' } })).status).toBe(200);
      await stream.ended;

      // Only that session's stream: another user's stays open and keeps receiving.
      await waitFor('the bystander to get the next event', async () => {
        await t.app.get(LiveEventsService).publish({ type: 'call.updated', callRecordId: 'after-the-revocation' });
        return bystander.text().includes('after-the-revocation');
      });
      bystander.close();
    } finally {
      await replica.close();
    }
  });
});
