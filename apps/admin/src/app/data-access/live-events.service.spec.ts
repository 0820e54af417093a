import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Subscription } from 'rxjs';
import { AuthSessionStore } from '../core/auth/auth-session.store';
import { FakeEventSource, provideFakeEventSource } from '../testing/fake-event-source';
import { loginResponse } from '../testing/fixtures';
import { provideSpecDefaults } from '../testing/providers';
import { LiveEventsService, LiveUpdate } from './live-events.service';

describe('LiveEventsService', () => {
  let service: LiveEventsService;
  let backend: HttpTestingController;
  let received: LiveUpdate[];
  let subscriptions: Subscription[];

  beforeEach(() => {
    jest.useFakeTimers();
    sessionStorage.clear();
    FakeEventSource.reset();
    TestBed.configureTestingModule({ providers: [...provideSpecDefaults(), provideFakeEventSource({ httpTickets: true })] });
    TestBed.inject(AuthSessionStore).start(loginResponse('COMPLIANCE'));
    service = TestBed.inject(LiveEventsService);
    backend = TestBed.inject(HttpTestingController);
    received = [];
    subscriptions = [];
  });

  afterEach(() => {
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    backend.verify();
    jest.useRealTimers();
  });

  const listen = () => subscriptions.push(service.updates$.subscribe((update) => received.push(update)));

  /** Answers the pending ticket request as the API does. */
  const issueTicket = (ticket: string) => {
    const request = backend.expectOne({ method: 'POST', url: '/api/events/ticket' });
    request.flush({ ticket, expiresAt: '2026-12-01T00:00:30.000Z' });
  };

  it('asks for a ticket, opens one stream for all listeners with it, and closes it with the last', () => {
    listen();
    listen();
    expect(FakeEventSource.opened).toHaveLength(0);
    expect(service.status()).toBe('connecting');
    issueTicket('ticket-a');

    expect(FakeEventSource.opened).toHaveLength(1);
    expect(FakeEventSource.latest().url).toBe('/api/events?ticket=ticket-a');
    expect(FakeEventSource.latest().url).not.toContain('token');

    FakeEventSource.latest().open();
    expect(service.status()).toBe('live');

    subscriptions.forEach((subscription) => subscription.unsubscribe());
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(service.status()).toBe('off');
  });

  it('passes on the events it knows and ignores the rest', () => {
    listen();
    issueTicket('ticket-a');
    const source = FakeEventSource.latest();
    source.open();
    source.push({ type: 'recording.stored', callRecordId: 'call-1', recordingId: 'rec-1' });
    source.dispatchEvent(new MessageEvent('call.updated', { data: 'not json' }));
    source.push({ type: 'call.updated', callRecordId: 'call-2' });

    expect(received).toEqual([
      { type: 'recording.stored', callRecordId: 'call-1', recordingId: 'rec-1' },
      { type: 'call.updated', callRecordId: 'call-2' },
    ]);
  });

  it('reconnects after a refusal with a new ticket, more slowly each time, and asks listeners to catch up', async () => {
    listen();
    issueTicket('ticket-a');
    FakeEventSource.latest().open();
    FakeEventSource.latest().fail(true);
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(service.status()).toBe('offline');

    await jest.advanceTimersByTimeAsync(1000);
    issueTicket('ticket-b');
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(FakeEventSource.latest().url).toBe('/api/events?ticket=ticket-b');
    FakeEventSource.latest().fail(true);
    await jest.advanceTimersByTimeAsync(1999);
    backend.expectNone('/api/events/ticket');
    await jest.advanceTimersByTimeAsync(1);
    issueTicket('ticket-c');
    expect(FakeEventSource.opened).toHaveLength(3);

    FakeEventSource.latest().open();
    expect(received).toEqual([{ type: 'resync' }]);
    expect(service.status()).toBe('live');
  });

  it('does not let the browser retry a dropped connection with the spent ticket: it reconnects with a new one', async () => {
    listen();
    issueTicket('ticket-a');
    FakeEventSource.latest().open();
    FakeEventSource.latest().fail(false);
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(service.status()).toBe('connecting');

    await jest.advanceTimersByTimeAsync(1000);
    issueTicket('ticket-b');
    expect(FakeEventSource.latest().url).toBe('/api/events?ticket=ticket-b');
    FakeEventSource.latest().open();
    expect(service.status()).toBe('live');
    expect(received).toEqual([{ type: 'resync' }]);
  });

  it('backs off while no ticket can be had, and opens no stream without one', async () => {
    listen();
    backend
      .expectOne('/api/events/ticket')
      .flush({ statusCode: 503, error: 'Service Unavailable', message: 'down' }, { status: 503, statusText: 'Service Unavailable' });
    expect(service.status()).toBe('offline');
    expect(FakeEventSource.opened).toHaveLength(0);

    await jest.advanceTimersByTimeAsync(1000);
    backend
      .expectOne('/api/events/ticket')
      .flush({ statusCode: 503, error: 'Service Unavailable', message: 'down' }, { status: 503, statusText: 'Service Unavailable' });
    await jest.advanceTimersByTimeAsync(1999);
    backend.expectNone('/api/events/ticket');
    await jest.advanceTimersByTimeAsync(1);
    issueTicket('ticket-a');
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  it('stays offline without asking when the session is gone', () => {
    TestBed.inject(AuthSessionStore).clear();
    listen();
    backend.expectNone('/api/events/ticket');
    expect(service.status()).toBe('offline');
  });
});
