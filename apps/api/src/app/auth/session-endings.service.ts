import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  catchError,
  defer,
  EMPTY,
  exhaustMap,
  filter,
  from,
  interval,
  map,
  merge,
  Observable,
  of,
  startWith,
  Subject,
  switchMap,
  take,
  timer,
} from 'rxjs';
import { RedisService } from '../../services/redis/redis.service';
import { RequestSession } from '../../common/request-context';
import { SESSION_ENDED_CHANNEL, SessionsService } from './sessions.service';
import { errorMessage } from '../../common/errors/error-message';

// Ask Redis again now and then: a pub/sub message is lost while the subscriber reconnects.
const RECHECK_MS = 30_000;
// setTimeout fires at once past this (about 24.8 days); the recheck covers such sessions.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Tells long-lived responses (the live-event stream) that their session ended: a request is
 * checked once, when it starts, and a stream may stay open for hours. Endings are pushed by
 * `SessionsService.forget` through Redis pub/sub to whichever replica holds the stream.
 */
@Injectable()
export class SessionEndingsService implements OnModuleDestroy {
  private readonly logger = new Logger(SessionEndingsService.name);
  private readonly ended = new Subject<string[]>();
  private listening?: Promise<void>;

  public constructor(
    private readonly redis: RedisService,
    private readonly sessions: SessionsService,
  ) {}

  /** Emits once when the session ends (sign-out, revocation) or its token expires. */
  public watch(userId: string, session: RequestSession): Observable<void> {
    const untilExpiry = session.expiresAt - Date.now();
    return defer(() => this.listen()).pipe(
      // Subscribed first, checked second: an ending published in between is caught by the check.
      switchMap(() =>
        merge(
          this.ended.pipe(filter((ids) => ids.includes(session.id))),
          interval(RECHECK_MS).pipe(
            startWith(0),
            exhaustMap(() => from(this.sessions.isLive(session.id, userId)).pipe(catchError(() => of(true)))),
            filter((live) => !live),
          ),
          untilExpiry < MAX_TIMER_MS ? timer(Math.max(0, untilExpiry)) : EMPTY,
        ),
      ),
      take(1),
      map(() => undefined),
    );
  }

  public onModuleDestroy(): void {
    this.ended.complete();
  }

  private listen(): Promise<void> {
    this.listening ??= this.subscribe();
    return this.listening;
  }

  private async subscribe(): Promise<void> {
    const subscriber = this.redis.createClient('session-endings');
    subscriber.on('message', (_channel: string, message: string) => {
      try {
        this.ended.next(JSON.parse(message) as string[]);
      } catch {
        this.logger.warn('Ignored a malformed session-ended message');
      }
    });
    try {
      await subscriber.subscribe(SESSION_ENDED_CHANNEL);
    } catch (error) {
      this.logger.warn(`Not subscribed to session endings (${errorMessage(error)}); open streams notice within ${RECHECK_MS} ms`);
    }
  }
}
