import { inject, Injectable, InjectionToken, signal } from '@angular/core';
import { LIVE_EVENTS, LiveEvent } from '@callrec/contracts';
import { Observable, share } from 'rxjs';
import { AuthSessionStore } from '../core/auth/auth-session.store';

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

/** `EventSource.CLOSED`, spelled out so the service also loads where EventSource is absent. */
const CLOSED = 2;
const MAX_BACKOFF_MS = 30_000;

/**
 * `GET /api/events` as an Observable shared by every listener on the page: one connection,
 * opened on the first subscription and closed with the last. EventSource cannot send a
 * header, so the bearer token travels as `?token=` (the API redacts it from its logs).
 */
@Injectable({ providedIn: 'root' })
export class LiveEventsService {
  private readonly openSource = inject(EVENT_SOURCE_FACTORY);
  private readonly session = inject(AuthSessionStore);
  private readonly state = signal<LiveStatus>('off');

  public readonly status = this.state.asReadonly();

  public readonly updates$: Observable<LiveUpdate> = new Observable<LiveUpdate>((subscriber) => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let opened = false;

    const connect = (): void => {
      const token = this.session.accessToken();
      if (!token || !this.session.isSignedIn()) {
        // The auth interceptor sends the user to sign in on their next request.
        this.state.set('offline');
        return;
      }
      this.state.set('connecting');
      const current = this.openSource(`/api/events?token=${encodeURIComponent(token)}`);
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
        if (current.readyState !== CLOSED) {
          // A dropped connection: the browser reconnects by itself.
          this.state.set('connecting');
          return;
        }
        // Refused (401 after a token expired, 503 while the API restarts): the browser gives
        // up, so we try again, more slowly each time, with whatever token is current then.
        current.close();
        source = null;
        this.state.set('offline');
        retry = setTimeout(connect, Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures));
        failures += 1;
      };
    };

    connect();
    return () => {
      clearTimeout(retry);
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
