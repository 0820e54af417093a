import { HttpClient } from '@angular/common/http';
import { inject, Injectable, InjectionToken, signal } from '@angular/core';
import { EventTicketResponse, LIVE_EVENTS, LiveEvent } from '@callrec/contracts';
import { map, Observable, share, Subscription } from 'rxjs';
import { AuthSessionStore } from '../core/auth/auth-session.store';
import { inlineErrors } from '../core/http/api-error';

/**
 * What listeners receive: the server's events, plus `resync` after a reconnection, because
 * whatever happened while the stream was down was never sent and must be fetched.
 */
export type LiveUpdate = LiveEvent | { type: 'resync' };

/** `off`: nobody listens; `live`: connected; `connecting`/`offline`: trying to get back. */
export type LiveStatus = 'off' | 'connecting' | 'live' | 'offline';

/** The one seam specs replace: jsdom has no EventSource. */
export const EVENT_SOURCE_FACTORY = new InjectionToken<(url: string) => EventSource>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  factory: () => (url: string) => new EventSource(url),
});

/**
 * A fresh single-use ticket for `GET /api/events?ticket=…` (`POST /api/events/ticket`). Failures
 * are not announced: the live status shows them, and a 401 (the session ended) is handled by
 * the auth interceptor like any other.
 */
export const EVENT_TICKETS = new InjectionToken<() => Observable<string>>('EVENT_TICKETS', {
  providedIn: 'root',
  factory: () => {
    const http = inject(HttpClient);
    return () =>
      http.post<EventTicketResponse>('/api/events/ticket', null, { context: inlineErrors() }).pipe(map((response) => response.ticket));
  },
});

/** `EventSource.CLOSED`, spelled out so the service also loads where EventSource is absent. */
const CLOSED = 2;
const MAX_BACKOFF_MS = 30_000;

/**
 * `GET /api/events` as an Observable shared by every listener on the page: one connection,
 * opened on the first subscription and closed with the last. EventSource cannot send a
 * header, so each connection is opened with a single-use ticket. The browser's own
 * reconnection would reuse the spent ticket and be refused, so on any error the stream is
 * closed and opened again with a new ticket, more slowly each time it keeps failing.
 */
@Injectable({ providedIn: 'root' })
export class LiveEventsService {
  private readonly openSource = inject(EVENT_SOURCE_FACTORY);
  private readonly tickets = inject(EVENT_TICKETS);
  private readonly session = inject(AuthSessionStore);
  private readonly state = signal<LiveStatus>('off');

  public readonly status = this.state.asReadonly();

  public readonly updates$: Observable<LiveUpdate> = new Observable<LiveUpdate>((subscriber) => {
    let source: EventSource | null = null;
    let ticketRequest: Subscription | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let opened = false;

    const retryLater = (status: LiveStatus): void => {
      this.state.set(status);
      retry = setTimeout(connect, Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures));
      failures += 1;
    };

    const open = (ticket: string): void => {
      const current = this.openSource(`/api/events?ticket=${encodeURIComponent(ticket)}`);
      source = current;
      current.onopen = () => {
        if (opened) {
          subscriber.next({ type: 'resync' });
        }
        opened = true;
        failures = 0;
        this.state.set('live');
      };
      for (const name of LIVE_EVENTS) {
        current.addEventListener(name, (message) => {
          const event = parseEvent((message as MessageEvent<string>).data);
          if (event) {
            subscriber.next(event);
          }
        });
      }
      current.onerror = () => {
        // A dropped connection (the browser would retry) or a refusal (it gives up): either
        // way the ticket is spent, so we reconnect ourselves with a new one.
        const dropped = current.readyState !== CLOSED;
        current.close();
        source = null;
        retryLater(dropped ? 'connecting' : 'offline');
      };
    };

    const connect = (): void => {
      if (!this.session.isSignedIn()) {
        // The auth interceptor sends the user to sign in on their next request.
        this.state.set('offline');
        return;
      }
      this.state.set('connecting');
      ticketRequest = this.tickets().subscribe({ next: open, error: () => retryLater('offline') });
    };

    connect();
    return () => {
      clearTimeout(retry);
      ticketRequest?.unsubscribe();
      source?.close();
      this.state.set('off');
    };
  }).pipe(share());
}

function parseEvent(data: string): LiveEvent | null {
  try {
    const event = JSON.parse(data) as Partial<LiveEvent>;
    return typeof event.callRecordId === 'string' && (LIVE_EVENTS as readonly string[]).includes(event.type ?? '')
      ? (event as LiveEvent)
      : null;
  } catch {
    return null;
  }
}
