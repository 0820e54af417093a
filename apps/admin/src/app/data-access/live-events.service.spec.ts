import { TestBed } from '@angular/core/testing';
import { Subscription } from 'rxjs';
import { AuthSessionStore } from '../core/auth/auth-session.store';
import { FakeEventSource, provideFakeEventSource } from '../testing/fake-event-source';
import { loginResponse } from '../testing/fixtures';
import { LiveEventsService, LiveUpdate } from './live-events.service';

describe('LiveEventsService', () => {
  let service: LiveEventsService;
  let received: LiveUpdate[];
  let subscriptions: Subscription[];

  beforeEach(() => {
    jest.useFakeTimers();
    sessionStorage.clear();
    FakeEventSource.reset();
    TestBed.configureTestingModule({ providers: [provideFakeEventSource()] });
    TestBed.inject(AuthSessionStore).start(loginResponse('COMPLIANCE'));
    service = TestBed.inject(LiveEventsService);
    received = [];
    subscriptions = [];
  });

  afterEach(() => {
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    jest.useRealTimers();
  });

  const listen = () => subscriptions.push(service.updates$.subscribe((update) => received.push(update)));

  it('opens one stream for all listeners, with the token in the URL, and closes it with the last', () => {
    listen();
    listen();
    expect(FakeEventSource.opened).toHaveLength(1);
    expect(FakeEventSource.latest().url).toBe('/api/events?token=token-for-compliance');
    expect(service.status()).toBe('connecting');

    FakeEventSource.latest().open();
    expect(service.status()).toBe('live');

    subscriptions.forEach((subscription) => subscription.unsubscribe());
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(service.status()).toBe('off');
  });

  it('passes on the events it knows and ignores the rest', () => {
    listen();
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

  it('reconnects after a refusal, more slowly each time, and asks listeners to catch up', async () => {
    listen();
    FakeEventSource.latest().open();
    FakeEventSource.latest().fail(true);
    expect(service.status()).toBe('offline');

    await jest.advanceTimersByTimeAsync(1000);
    expect(FakeEventSource.opened).toHaveLength(2);
    FakeEventSource.latest().fail(true);
    await jest.advanceTimersByTimeAsync(1999);
    expect(FakeEventSource.opened).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.opened).toHaveLength(3);

    FakeEventSource.latest().open();
    expect(received).toEqual([{ type: 'resync' }]);
    expect(service.status()).toBe('live');
  });

  it('lets the browser retry a dropped connection by itself', () => {
    listen();
    FakeEventSource.latest().open();
    FakeEventSource.latest().fail(false);
    expect(service.status()).toBe('connecting');
    expect(FakeEventSource.opened).toHaveLength(1);
  });
});
