import { Controller, MessageEvent, Sse } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable } from 'rxjs';
import { LiveEventsService } from '../../services/events/live-events.service';
import { AcceptsAccessTokenInQuery, Roles } from '../auth/decorators/access.decorator';

// Proxies close idle connections; a comment-like ping keeps the stream open.
const HEARTBEAT_MS = 25_000;

@ApiTags('events')
@Controller('events')
export class EventsController {
  public constructor(private readonly events: LiveEventsService) {}

  @Sse()
  @Roles('COMPLIANCE', 'SUPERVISOR')
  @AcceptsAccessTokenInQuery()
  @ApiQuery({ name: 'token', required: false, description: 'the bearer token, for EventSource' })
  @ApiOperation({ summary: 'Server-sent events: call.updated and recording.stored, for a live grid' })
  public stream(): Observable<MessageEvent> {
    return merge(
      this.events.events$.pipe(map((event): MessageEvent => ({ type: event.type, data: event }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} }))),
    );
  }
}
