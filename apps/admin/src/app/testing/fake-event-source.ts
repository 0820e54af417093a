import { Provider } from '@angular/core';
import { LiveEvent } from '@callrec/contracts';
import { of } from 'rxjs';
import { EVENT_SOURCE_FACTORY, EVENT_TICKETS } from '../data-access/live-events.service';

/** EventSource without a network: jsdom has none. Tests open, push events, and fail it. */
export class FakeEventSource extends EventTarget {
  public static readonly opened: FakeEventSource[] = [];
  /** Tickets handed out by `provideFakeEventSource()`: `ticket-1`, `ticket-2`, … */
  public static ticketsIssued = 0;
  public readyState = 0;
  public onopen: ((event: Event) => void) | null = null;
  public onerror: ((event: Event) => void) | null = null;
  public closed = false;

  public constructor(public readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
  }

  public static latest(): FakeEventSource {
    const source = FakeEventSource.opened.at(-1);
    if (!source) {
      throw new Error('No EventSource was opened');
    }
    return source;
  }

  public static reset(): void {
    FakeEventSource.opened.length = 0;
    FakeEventSource.ticketsIssued = 0;
  }

  public open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  public push(event: LiveEvent): void {
    this.dispatchEvent(new MessageEvent(event.type, { data: JSON.stringify(event) }));
  }

  /** `closed`: the server refused (the browser gives up); otherwise it is reconnecting. */
  public fail(closed: boolean): void {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(new Event('error'));
  }

  public close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  public asEventSource(): EventSource {
    return this as unknown as EventSource;
  }
}

/**
 * Every EventSource the app opens is a FakeEventSource; see `FakeEventSource.latest()`. Its
 * tickets come at once without HTTP, unless `httpTickets` (then the spec answers
 * `POST /api/events/ticket` itself).
 */
export function provideFakeEventSource({ httpTickets = false }: { httpTickets?: boolean } = {}): Provider[] {
  const source: Provider = { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url).asEventSource() };
  if (httpTickets) {
    return [source];
  }
  return [source, { provide: EVENT_TICKETS, useValue: () => of(`ticket-${(FakeEventSource.ticketsIssued += 1)}`) }];
}
