import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../services/config/app-config';
import { MaintenanceJobsService } from '../../services/queues/maintenance-jobs.service';
import { AccessDeniedDigestJob } from '../../services/queues/queues.constants';
import { RedisScript } from '../../services/redis/redis-script';
import { RedisService } from '../../services/redis/redis.service';
import { PrismaService } from '../../services/prisma/prisma.service';
import { AuditWriter } from './audit.writer';
import { errorMessage } from '../../common/errors/error-message';

const MINUTE_MS = 60_000;
/** The digest waits this long past its minute, so requests in flight at the turn are counted. */
const DIGEST_GRACE_MS = 5_000;
/** Distinct (method, path, reason) kept per address and minute; the rest are only counted. */
const SAMPLE_MAX = 10;
const SAMPLE_TEXT_MAX = 200;
/** Long enough for the digest job to outlive a day of retries; then the counters go. */
const COUNTER_TTL_SECONDS = 24 * 3600;

/**
 * One refused request, counted in the address's hash for the minute. The count is the rate
 * limit and the digest's figure at once; a bounded sample says what was asked and why it failed.
 */
const COUNT_REFUSAL = new RedisScript(`
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
local now = tonumber(ARGV[1])
if count == 1 then
  redis.call('HSET', KEYS[1], 'firstAt', now, 'lastAt', now, 'userAgent', ARGV[5])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
else
  if now < tonumber(redis.call('HGET', KEYS[1], 'firstAt') or now) then redis.call('HSET', KEYS[1], 'firstAt', now) end
  if now > tonumber(redis.call('HGET', KEYS[1], 'lastAt') or 0) then redis.call('HSET', KEYS[1], 'lastAt', now) end
end
local field = 's:' .. ARGV[2]
if redis.call('HEXISTS', KEYS[1], field) == 1 then
  redis.call('HINCRBY', KEYS[1], field, 1)
elseif tonumber(redis.call('HGET', KEYS[1], 'sampled') or 0) < tonumber(ARGV[3]) then
  redis.call('HINCRBY', KEYS[1], 'sampled', 1)
  redis.call('HSET', KEYS[1], field, 1)
else
  redis.call('HINCRBY', KEYS[1], 'unsampled', 1)
end
return count
`);

/**
 * Refused media requests without a valid token (design 9.2). The request path touches only
 * Redis: a counter per client address and minute that rate-limits (429 past
 * MEDIA_DENIED_PER_MINUTE) and feeds one ACCESS_DENIED digest per address and minute, written
 * by a delayed job once the minute has closed. A flood therefore never queues behind, or in
 * front of, the audit chain's lock that signed-in users' actions need.
 */
@Injectable()
export class MediaDenialsService {
  private readonly logger = new Logger(MediaDenialsService.name);

  public constructor(
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly jobs: MaintenanceJobsService,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
  ) {}

  /**
   * Counts the refusal and answers what the guard should throw: the refusal itself, or a 429
   * (with Retry-After) once this address is past its limit for the minute.
   */
  public async refuse(request: Request, response: Response, refusal: unknown): Promise<unknown> {
    // Only refusals count; a failure of ours (the database down) is not the caller's doing.
    if (!(refusal instanceof HttpException)) return refusal;
    const ip = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    const minute = Math.floor(now / MINUTE_MS);
    const sample = JSON.stringify([request.method, clip(request.path), clip(refusal.message)]);
    const userAgent = request.headers['user-agent']?.slice(0, 512) ?? '';
    let count: number;
    try {
      count = Number(
        await COUNT_REFUSAL.run(this.redis.client, [counterKey(ip, minute)], [now, sample, SAMPLE_MAX, COUNTER_TTL_SECONDS, userAgent]),
      );
    } catch (error) {
      // Without Redis there is no queue either; writing a row per request is what this avoids.
      this.logger.error(`Could not count a refused media request from ${ip}: ${errorMessage(error)}`);
      return refusal;
    }
    if (count === 1) await this.scheduleDigest({ ip, minute }, now);
    if (count <= this.config.mediaDeniedPerMinute) return refusal;
    const retryAfter = Math.max(1, Math.ceil(((minute + 1) * MINUTE_MS - now) / 1000));
    response.setHeader('Retry-After', String(retryAfter));
    return new HttpException(
      `Too many refused requests for recordings from ${ip}; try again in ${retryAfter} seconds`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** The digest job: one ACCESS_DENIED for the address and minute, with the count. */
  public async writeDigest({ ip, minute }: AccessDeniedDigestJob): Promise<void> {
    const key = counterKey(ip, minute);
    const fields = await this.redis.client.hgetall(key);
    if (!fields['count']) return;
    const window = `${ip}@${new Date(minute * MINUTE_MS).toISOString()}`;
    // A retry after a crash between the write and the DEL must not write the digest twice.
    const written = await this.prisma.auditEvent.findFirst({
      where: { action: 'ACCESS_DENIED', ip, at: { gte: new Date(minute * MINUTE_MS) }, details: { path: ['window'], equals: window } },
      select: { id: true },
    });
    if (!written) {
      const count = Number(fields['count']);
      await this.audit.record({
        action: 'ACCESS_DENIED',
        context: { ip, userAgent: fields['userAgent'] || null },
        details: {
          aggregated: true,
          window,
          reason: 'Refused requests for recordings without a valid token',
          count,
          limit: this.config.mediaDeniedPerMinute,
          rateLimited: Math.max(0, count - this.config.mediaDeniedPerMinute),
          firstAt: new Date(Number(fields['firstAt'])).toISOString(),
          lastAt: new Date(Number(fields['lastAt'])).toISOString(),
          sample: samplesOf(fields),
          unsampled: Number(fields['unsampled'] ?? 0),
        },
      });
    }
    // A straggler counted after the HGETALL (only possible with clocks apart by more than the
    // grace) is lost with the key; the rate limit held all the same.
    await this.redis.client.del(key);
  }

  private async scheduleDigest(job: AccessDeniedDigestJob, now: number): Promise<void> {
    const delay = (job.minute + 1) * MINUTE_MS + DIGEST_GRACE_MS - now;
    try {
      await this.jobs.enqueueAccessDeniedDigest(job, delay);
    } catch (error) {
      this.logger.error(`Could not schedule the ACCESS_DENIED digest of ${job.ip}: ${errorMessage(error)}`);
    }
  }
}

function counterKey(ip: string, minute: number): string {
  return `callrec:media-denied:${ip}:${minute}`;
}

function clip(text: string): string {
  return text.length > SAMPLE_TEXT_MAX ? `${text.slice(0, SAMPLE_TEXT_MAX)}…` : text;
}

function samplesOf(fields: Record<string, string>): { method: string; path: string; reason: string; count: number }[] {
  return Object.entries(fields)
    .filter(([field]) => field.startsWith('s:'))
    .map(([field, count]) => {
      const [method, path, reason] = JSON.parse(field.slice(2)) as [string, string, string];
      return { method, path, reason, count: Number(count) };
    })
    .sort((a, b) => b.count - a.count);
}
