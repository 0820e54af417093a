import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { AppConfig } from '../../services/config/app-config';
import { PrismaService } from '../../services/prisma/prisma.service';
import { RedisService } from '../../services/redis/redis.service';
import { AuditWriter } from '../audit/audit.writer';
import { RequestContext } from '../../common/request-context';
import { errorMessage } from '../../common/errors/error-message';

/** Published with the ids of sessions that just ended, so open event streams close. */
export const SESSION_ENDED_CHANNEL = 'callrec:session-ended';
const ENDED = 'ended:';

/** A session as Redis needs it: its id and when its token expires. */
export interface SessionSpan {
  id: string;
  expiresAt: Date;
}

// Redis unreachable while sessions end: their rows say ended, but a replica could still read
// the live key once Redis is back with its data, so the marking is retried for a while.
const FORGET_RETRIES = 8;

type Tx = Prisma.TransactionClient;

const sessionKey = (id: string) => `callrec:session:${id}`;

/**
 * Sessions behind access tokens. The database row is the record; Redis is what every request
 * on every replica asks (`callrec:session:<id>`: the user id while live, `ended:<why>` once
 * ended, both expiring with the token), because it is one round trip and a change is seen by
 * the very next request anywhere, with nothing to deliver. A key that is missing (Redis
 * was flushed) is rebuilt from the row when the row says the session is live; otherwise the
 * request is refused. An ended session leaves a marker rather than no key, so a rebuild
 * racing with the ending (`SET NX`) can never bring it back.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {}

  /** Opens a session inside the sign-in's transaction; `announce` it once that commits. */
  public async open(tx: Tx, userId: string, context: RequestContext): Promise<SessionSpan> {
    const expiresAt = new Date(Date.now() + this.config.jwtTtlSeconds * 1000);
    const row = await tx.session.create({
      data: { userId, expiresAt, ip: context.ip, userAgent: context.userAgent },
      select: { id: true, expiresAt: true },
    });
    return row;
  }

  /** Makes an opened session usable at once; a failure here is repaired by the first request. */
  public async announce(session: SessionSpan, userId: string): Promise<void> {
    try {
      await this.redis.client.set(sessionKey(session.id), userId, 'PXAT', session.expiresAt.getTime());
    } catch (error) {
      this.logger.warn(`Could not cache session ${session.id} (${errorMessage(error)}); it is read from the database`);
    }
  }

  /** Throws 401 unless session `id` of `userId` is live. One Redis GET on the usual path. */
  public async assertLive(id: string, userId: string): Promise<void> {
    let value: string | null | undefined;
    try {
      value = await this.redis.client.get(sessionKey(id));
    } catch (error) {
      // Redis is unreachable: the database still knows, so ask it (and rebuild nothing).
      this.logger.warn(`Session check falls back to the database: ${errorMessage(error)}`);
      value = undefined;
    }
    if (value === userId) return;
    if (typeof value === 'string') throw ended(value.startsWith(ENDED) ? value.slice(ENDED.length) : undefined);
    const row = await this.prisma.session.findUnique({
      where: { id },
      select: { userId: true, expiresAt: true, endedAt: true, endReason: true },
    });
    if (!row || row.userId !== userId) throw ended();
    if (row.endedAt) throw ended(row.endReason ?? undefined);
    if (row.expiresAt.getTime() <= Date.now()) throw new UnauthorizedException('Token has expired; sign in again');
    if (value === null) {
      await this.redis.client.set(sessionKey(id), userId, 'PXAT', row.expiresAt.getTime(), 'NX').catch(() => undefined);
    }
  }

  /** Whether the session is still live, for long-lived streams that were checked once. */
  public async isLive(id: string, userId: string): Promise<boolean> {
    try {
      await this.assertLive(id, userId);
      return true;
    } catch (error) {
      if (error instanceof UnauthorizedException) return false;
      throw error;
    }
  }

  /** Sign-out: ends this one session (audited LOGOUT). */
  public async signOut(id: string, context: RequestContext): Promise<void> {
    const ended = await this.prisma.$transaction(async (tx) => {
      const { sessions, count } = await this.endWhere(tx, { id }, 'signed out');
      if (count > 0) {
        await this.audit.record({ action: 'LOGOUT', context, details: { sessionId: id } }, tx);
      }
      return sessions;
    });
    await this.forget(ended, 'signed out');
  }

  /**
   * Ends every live session of a user inside the caller's transaction (audited
   * SESSIONS_REVOKED). Take the user row's lock first (update it), so a sign-in that is
   * opening a session at the same moment either finishes before or sees the change.
   * Pass the result to `forget` after the transaction commits.
   */
  public async revokeAll(tx: Tx, userId: string, reason: string, context: RequestContext | undefined): Promise<SessionSpan[]> {
    const { sessions, count } = await this.endWhere(tx, { userId }, reason);
    if (count > 0) {
      await this.audit.record(
        { action: 'SESSIONS_REVOKED', context, actorId: context?.user?.id ?? null, details: { userId, reason, count } },
        tx,
      );
    }
    return sessions;
  }

  /**
   * Marks ended sessions as such in Redis, which every replica's next request reads, and tells
   * open event streams. Call after the ending has committed.
   */
  public async forget(sessions: SessionSpan[], reason: string, attempt = 0): Promise<void> {
    if (sessions.length === 0) return;
    const pipeline = this.redis.client.multi();
    for (const session of sessions) {
      pipeline.set(sessionKey(session.id), `${ENDED}${reason}`, 'PXAT', Math.max(session.expiresAt.getTime(), Date.now() + 1000));
    }
    pipeline.publish(SESSION_ENDED_CHANNEL, JSON.stringify(sessions.map((session) => session.id)));
    try {
      await pipeline.exec();
    } catch (error) {
      const retry = attempt < FORGET_RETRIES;
      this.logger.error(
        `Could not mark ${sessions.length} ended session(s) in Redis (${errorMessage(error)})` +
          (retry ? '; trying again' : '; they stay usable where Redis still has them until their tokens expire'),
      );
      if (retry) setTimeout(() => void this.forget(sessions, reason, attempt + 1), 500 * 2 ** attempt).unref();
    }
  }

  private async endWhere(
    tx: Tx,
    where: { id: string } | { userId: string },
    reason: string,
  ): Promise<{ sessions: SessionSpan[]; count: number }> {
    const now = new Date();
    const sessions = await tx.session.findMany({
      where: { ...where, endedAt: null, expiresAt: { gt: now } },
      select: { id: true, expiresAt: true },
    });
    if (sessions.length === 0) return { sessions, count: 0 };
    // Counted by the update, not the read: two endings at once must not both audit it.
    const { count } = await tx.session.updateMany({
      where: { id: { in: sessions.map((session) => session.id) }, endedAt: null },
      data: { endedAt: now, endReason: reason },
    });
    return { sessions, count };
  }
}

function ended(reason?: string): UnauthorizedException {
  return new UnauthorizedException(reason ? `This session has ended (${reason}); sign in again` : 'This session has ended; sign in again');
}
