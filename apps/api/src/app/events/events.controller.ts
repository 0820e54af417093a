import { Controller, HttpCode, MessageEvent, Post, Sse } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EventTicketResponse } from '@callrec/contracts';
import { interval, map, merge, Observable, takeUntil } from 'rxjs';
import { LiveEventsService } from '../../services/events/live-events.service';
import { AuthUser, RequestSession } from '../../common/request-context';
import { AcceptsEventTicket, Roles } from '../../common/decorators/access.decorator';
import { CurrentSession, CurrentUser } from '../../common/decorators/current-user.decorator';
import { EventTicketsService } from '../auth/event-tickets.service';
import { SessionEndingsService } from '../auth/session-endings.service';

// Proxies close idle connections; a comment-like ping keeps the stream open.
const HEARTBEAT_MS = 25_000;

@ApiTags('events')
@Controller('events')
export class EventsController {
  public constructor(
    private readonly events: LiveEventsService,
    private readonly endings: SessionEndingsService,
    private readonly tickets: EventTicketsService,
  ) {}

  @Post('ticket')
  @HttpCode(200)
  @Roles('COMPLIANCE', 'SUPERVISOR')
  @ApiOperation({ summary: 'A single-use ticket (30 s) for GET /api/events?ticket=…: EventSource cannot send a header' })
  public ticket(@CurrentUser() user: AuthUser, @CurrentSession() session: RequestSession): Promise<EventTicketResponse> {
    return this.tickets.issue(user.id, session);
  }

  @Sse()
  @Roles('COMPLIANCE', 'SUPERVISOR')
  @AcceptsEventTicket()
  @ApiQuery({ name: 'ticket', required: false, description: 'a ticket from POST /api/events/ticket, for EventSource' })
  @ApiOperation({ summary: 'Server-sent events: call.updated and recording.stored, for a live grid; ends with the session' })
  public stream(@CurrentUser() user: AuthUser, @CurrentSession() session: RequestSession): Observable<MessageEvent> {
    return merge(
      this.events.events$.pipe(map((event): MessageEvent => ({ type: event.type, data: event }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    ).pipe(takeUntil(this.endings.watch(user.id, session)));
  }
}
