import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { AppConfig } from '../../../services/config/app-config';
import { PrismaService } from '../../../services/prisma/prisma.service';
import { MaintenanceJobsService } from '../../../services/queues/maintenance-jobs.service';
import { PlaybackSessionEndJob } from '../../../services/queues/queues.constants';
import { RedisScript } from '../../../services/redis/redis-script';
import { RedisService } from '../../../services/redis/redis.service';
import { AuditWriter } from '../../audit/audit.writer';
import { RequestContext } from '../../../common/request-context';
import type { SentRange } from '../media/media.responder';
import { errorMessage } from '../../../common/errors/error-message';

/** Distinct ranges kept per session; past it the closest neighbours are joined (and flagged). */
const MAX_RANGES = 64;
/** The closing job waits this long past the window, so a response in flight at its end is counted. */
const CLOSE_GRACE_MS = 5_000;
/** The ranges outlive the window by this much, for a closing job that retries. */
const RANGES_EXTRA_TTL_SECONDS = 24 * 3600;

/** Adds one sent range to the session's merged, sorted, bounded list, with request and byte counts. */
const RECORD_RANGE = new RedisScript(`
local first = tonumber(ARGV[1])
local last = tonumber(ARGV[2])
local raw = redis.call('HGET', KEYS[1], 'ranges')
local ranges = {}
if raw then ranges = cjson.decode(raw) end
local merged = {}
for _, r in ipairs(ranges) do
  if r[2] + 1 < first or r[1] > last + 1 then
    table.insert(merged, r)
  else
    if r[1] < first then first = r[1] end
    if r[2] > last then last = r[2] end
  end
end
table.insert(merged, {first, last})
table.sort(merged, function(a, b) return a[1] < b[1] end)
while #merged > tonumber(ARGV[3]) do
  local best, gap = 1, nil
  for i = 1, #merged - 1 do
    local g = merged[i + 1][1] - merged[i][2]
    if gap == nil or g < gap then best, gap = i, g end
  end
  if merged[best + 1][2] > merged[best][2] then merged[best][2] = merged[best + 1][2] end
  table.remove(merged, best + 1)
  redis.call('HSET', KEYS[1], 'approximate', 1)
end
redis.call('HSET', KEYS[1], 'ranges', cjson.encode(merged))
redis.call('HINCRBY', KEYS[1], 'requests', 1)
redis.call('HINCRBY', KEYS[1], 'sent', tonumber(ARGV[2]) - tonumber(ARGV[1]) + 1)
redis.call('EXPIRE', KEYS[1], ARGV[4])
return #merged
`);

/** Ends the session only if it is still the one the job closes (a later one may hold the key). */
const END_SESSION = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * Playback sessions (design 5 and 9.2): the first request of a session writes RECORDING_PLAYED
 * at once, as evidence that listening began; every range the session is sent is merged into a
 * list in Redis; when the session's window (PLAYBACK_SESSION_SECONDS) closes a delayed job
 * writes RECORDING_PLAYBACK_ENDED with those ranges. Audit rows cannot be updated, hence two.
 * A media token is a session; a bearer client's requests for one recording within the window
 * are one session, and so are the nginx links a user is issued for it (openForLink).
 */
@Injectable()
export class PlaybackSessionsService {
  private readonly logger = new Logger(PlaybackSessionsService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly jobs: MaintenanceJobsService,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {}

  /** The session this request belongs to, opened (and audited) if it is the first. */
  public async open(recordingId: string, context: RequestContext, mediaToken: string | undefined): Promise<string> {
    const owner = mediaToken ? createHash('sha256').update(mediaToken).digest('hex').slice(0, 32) : `${context.user?.id}`;
    return this.openAs(recordingId, context, owner, mediaToken ? 'media-token' : 'bearer');
  }

  /**
   * MEDIA_DELIVERY=nginx: a media token that carries an nginx link is where playback is
   * authorised and audited, since nginx sends the ranges without asking the API. The session
   * is the user's for this recording (as a bearer client's), so the player renewing its link
   * within PLAYBACK_SESSION_SECONDS joins the open session: one RECORDING_PLAYED, not one per
   * link. The links are counted; the ranges nginx then sends are not known here.
   */
  public async openForLink(recordingId: string, context: RequestContext): Promise<string> {
    const sessionId = await this.openAs(recordingId, context, `${context.user?.id}`, 'media-link');
    const ttl = this.config.playbackSessionSeconds + RANGES_EXTRA_TTL_SECONDS;
    await this.redis.client
      .multi()
      .hincrby(rangesKey(sessionId), 'links', 1)
      .expire(rangesKey(sessionId), ttl)
      .exec()
      .catch((error: Error) => this.logger.warn(`Could not count a link of playback session ${sessionId}: ${error.message}`));
    return sessionId;
  }

  private async openAs(recordingId: string, context: RequestContext, owner: string, via: string): Promise<string> {
    const sessionKey = `callrec:playback-session:${recordingId}:${owner}`;
    const sessionId = randomUUID();
    let existing: string | null = null;
    let tracked = true;
    try {
      // NX + GET: the id of the session already open, or null when this request opened it.
      existing = (await this.redis.client.call('SET', sessionKey, sessionId, 'NX', 'GET', 'EX', this.config.playbackSessionSeconds)) as string | null;
    } catch (error) {
      // Without Redis every request is audited as a play of its own: more rows, never fewer.
      this.logger.warn(`Playback session of ${recordingId} not tracked: ${errorMessage(error)}`);
      tracked = false;
    }
    if (existing !== null) return existing;
    try {
      await this.audit.record({ action: 'RECORDING_PLAYED', context, recordingId, details: { via, session: sessionId } });
    } catch (error) {
      // Not audited, so not played: the next request must try to open the session again.
      if (tracked) await END_SESSION.run(this.redis.client, [sessionKey], [sessionId]).catch(() => undefined);
      throw error;
    }
    if (tracked) {
      const job: PlaybackSessionEndJob = {
        sessionId,
        sessionKey,
        recordingId,
        actorId: context.user?.id ?? null,
        ip: context.ip,
        userAgent: context.userAgent,
      };
      await this.jobs
        .enqueuePlaybackEnd(job, this.config.playbackSessionSeconds * 1000 + CLOSE_GRACE_MS)
        .catch((error: Error) => this.logger.error(`Could not schedule the end of playback session ${sessionId}: ${error.message}`));
    }
    return sessionId;
  }

  /** Adds the bytes one response carried to its session's ranges. Never fails the response. */
  public async recordSent(sessionId: string, sent: SentRange | null): Promise<void> {
    if (!sent) return;
    const ttl = this.config.playbackSessionSeconds + RANGES_EXTRA_TTL_SECONDS;
    await RECORD_RANGE.run(this.redis.client, [rangesKey(sessionId)], [sent.start, sent.end, MAX_RANGES, ttl]).catch((error: Error) =>
      this.logger.warn(`Could not record a range of playback session ${sessionId}: ${error.message}`),
    );
  }

  /** The closing job: RECORDING_PLAYBACK_ENDED with the session's ranges, once. */
  public async close(job: PlaybackSessionEndJob): Promise<void> {
    const { sessionId, recordingId } = job;
    const fields = await this.redis.client.hgetall(rangesKey(sessionId));
    const inSession = { recordingId, details: { path: ['session'], equals: sessionId } };
    const [played, ended, recording] = await Promise.all([
      this.prisma.auditEvent.findFirst({ where: { ...inSession, action: 'RECORDING_PLAYED' }, select: { seq: true } }),
      this.prisma.auditEvent.findFirst({ where: { ...inSession, action: 'RECORDING_PLAYBACK_ENDED' }, select: { id: true } }),
      this.prisma.recording.findUnique({ where: { id: recordingId }, select: { sizeBytes: true } }),
    ]);
    if (!ended) {
      const ranges = fields['ranges'] ? (JSON.parse(fields['ranges']) as [number, number][]) : [];
      const bytes = ranges.reduce((sum, [start, end]) => sum + end - start + 1, 0);
      const size = recording?.sizeBytes ?? 0;
      await this.audit.record({
        action: 'RECORDING_PLAYBACK_ENDED',
        actorId: job.actorId,
        context: { ip: job.ip, userAgent: job.userAgent },
        recordingId,
        details: {
          session: sessionId,
          playedSeq: played?.seq ?? null,
          ranges,
          bytes,
          bytesSent: Number(fields['sent'] ?? 0),
          requests: Number(fields['requests'] ?? 0),
          fraction: size > 0 ? Number((bytes / size).toFixed(4)) : 0,
          ...(fields['approximate'] ? { approximate: true } : {}),
          // nginx sent the ranges of these links without the API: `ranges` holds only what the API sent itself.
          ...(fields['links'] ? { linksIssued: Number(fields['links']), rangesComplete: false } : {}),
        },
      });
    }
    await END_SESSION.run(this.redis.client, [job.sessionKey], [sessionId]);
    await this.redis.client.del(rangesKey(sessionId));
  }
}

function rangesKey(sessionId: string): string {
  return `callrec:playback-ranges:${sessionId}`;
}
