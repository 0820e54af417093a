import { Injectable, UnauthorizedException } from '@nestjs/common';
import { EventTicketResponse } from '@callrec/contracts';
import { randomBytes } from 'node:crypto';
import { RedisService } from '../../services/redis/redis.service';
import { RequestSession } from '../../common/request-context';

const TICKET_TTL_SECONDS = 30;
const TICKET_FORMAT = /^[A-Za-z0-9_-]{32}$/;

interface TicketHolder {
  userId: string;
  session: RequestSession;
}

/**
 * Single-use tickets for the live-event stream. EventSource cannot send a header, and an
 * 8-hour bearer token in a URL ends up in proxy logs and browser history; a ticket is useless
 * once it has been used (GETDEL, so two requests can never both redeem it) or after 30 s.
 * It belongs to the session that asked for it, so the stream it opens dies with that session.
 */
@Injectable()
export class EventTicketsService {
  public constructor(private readonly redis: RedisService) {}

  public async issue(userId: string, session: RequestSession): Promise<EventTicketResponse> {
    const ticket = randomBytes(24).toString('base64url');
    await this.redis.client.set(key(ticket), JSON.stringify({ userId, session } satisfies TicketHolder), 'EX', TICKET_TTL_SECONDS);
    return { ticket, expiresAt: new Date(Date.now() + TICKET_TTL_SECONDS * 1000).toISOString() };
  }

  /** Who the ticket was issued to; it cannot be used again. 401 when unknown, used or expired. */
  public async redeem(ticket: string): Promise<TicketHolder> {
    const stored = TICKET_FORMAT.test(ticket) ? await this.redis.client.getdel(key(ticket)) : null;
    if (!stored) {
      throw new UnauthorizedException('This live-events ticket is unknown, used or expired; ask for a new one');
    }
    return JSON.parse(stored) as TicketHolder;
  }
}

function key(ticket: string): string {
  return `callrec:events-ticket:${ticket}`;
}
